// Renders /openapi.yaml with Swagger UI. A file of its own so the page needs no inline script (CSP).
window.ui = SwaggerUIBundle({ url: '/openapi.yaml', dom_id: '#swagger-ui', deepLinking: true });
