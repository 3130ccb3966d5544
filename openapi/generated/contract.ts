/**
 * DO NOT EDIT. Generated from openapi/enrich.yaml by scripts/generate.mjs (openapi-typescript for the types).
 * Change the spec, then run `make generate` (npm run generate) and commit both.
 */

import type { components } from './enrich';

/** The 19 field names, in the contract's order (FieldName). */
export const FIELD_NAMES = ["first_name","last_name","company_name","title","industry","company_size","location","linkedin_url","phone","personal_email","business_email","city","state","country","zip_code","company_revenue","technologies","seniority","department"] as const satisfies readonly components['schemas']['FieldName'][];

/** The identifiers a request can carry and a match can be made on (Match.matched_on). */
export const IDENTIFIER_NAMES = ["email","domain","company_name"] as const satisfies readonly components['schemas']['Match']['matched_on'][number][];

/** X-Account-ID: pattern and length. */
export const ACCOUNT_ID = { pattern: "^[A-Za-z0-9._:@-]+$", minLength: 1, maxLength: 128 } as const;

/** The JSON Schema of POST /enrich's body, $refs inlined (tests compare other rules with it; the client uses validators.ts). */
export const enrichRequestSchema: Record<string, unknown> = {
  "allOf": [
    {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "email": {
          "type": "string",
          "minLength": 0,
          "maxLength": 320,
          "pattern": "^\\s*([^\\s@\"(),:;<>\\[\\]\\\\]{1,64}@[^\\s@.]([^\\s@]*[^\\s@.])?\\.[^\\s@.]{2,})?\\s*$"
        },
        "domain": {
          "type": "string",
          "minLength": 0,
          "maxLength": 300,
          "pattern": "^\\s*((https?://)?[A-Za-z0-9\\u00A1-\\uFFFF]([A-Za-z0-9\\u00A1-\\uFFFF-]{0,62})(\\.[A-Za-z0-9\\u00A1-\\uFFFF]([A-Za-z0-9\\u00A1-\\uFFFF-]{0,62}))*\\.?(:[0-9]{1,5})?([/?#]\\S*)?)?\\s*$"
        },
        "company_name": {
          "type": "string",
          "minLength": 0,
          "maxLength": 200
        },
        "enrich": {
          "type": "array",
          "minItems": 1,
          "maxItems": 19,
          "uniqueItems": true,
          "items": {
            "type": "string",
            "enum": [
              "first_name",
              "last_name",
              "company_name",
              "title",
              "industry",
              "company_size",
              "location",
              "linkedin_url",
              "phone",
              "personal_email",
              "business_email",
              "city",
              "state",
              "country",
              "zip_code",
              "company_revenue",
              "technologies",
              "seniority",
              "department"
            ]
          }
        },
        "min_confidence": {
          "type": "number",
          "minimum": 0,
          "maximum": 1
        },
        "deadline_ms": {
          "type": "integer",
          "format": "int32",
          "minimum": 100,
          "maximum": 5000
        }
      }
    },
    {
      "anyOf": [
        {
          "type": "object",
          "required": [
            "email"
          ],
          "properties": {
            "email": {
              "type": "string",
              "minLength": 0,
              "maxLength": 320,
              "pattern": "^\\s*([^\\s@\"(),:;<>\\[\\]\\\\]{1,64}@[^\\s@.]([^\\s@]*[^\\s@.])?\\.[^\\s@.]{2,})?\\s*$"
            }
          }
        },
        {
          "type": "object",
          "required": [
            "domain"
          ],
          "properties": {
            "domain": {
              "type": "string",
              "minLength": 0,
              "maxLength": 300,
              "pattern": "^\\s*((https?://)?[A-Za-z0-9\\u00A1-\\uFFFF]([A-Za-z0-9\\u00A1-\\uFFFF-]{0,62})(\\.[A-Za-z0-9\\u00A1-\\uFFFF]([A-Za-z0-9\\u00A1-\\uFFFF-]{0,62}))*\\.?(:[0-9]{1,5})?([/?#]\\S*)?)?\\s*$"
            }
          }
        },
        {
          "type": "object",
          "required": [
            "company_name"
          ],
          "properties": {
            "company_name": {
              "type": "string",
              "minLength": 0,
              "maxLength": 200
            }
          }
        }
      ]
    }
  ]
};

/** The mock personas: the named examples of POST /enrich's 200 response, in the spec's order. */
export const personas: Record<string, components['schemas']['EnrichResponse']> = {
  "saas_engineer_us": {
    "first_name": "Jane",
    "last_name": "Doe",
    "company_name": "Acme Analytics",
    "title": "Software Engineer",
    "industry": "Computer Software",
    "company_size": "201-500",
    "location": "San Francisco, CA, United States",
    "linkedin_url": "https://www.linkedin.com/in/jane-doe-acme",
    "phone": "+1-415-555-0134",
    "personal_email": null,
    "business_email": "jane.doe@acme.io",
    "city": "San Francisco",
    "state": "CA",
    "country": "United States",
    "zip_code": "94105",
    "company_revenue": "$50M-$100M",
    "technologies": "React, TypeScript, Node.js, PostgreSQL, AWS",
    "seniority": "Mid-level",
    "department": "Engineering",
    "meta": {
      "request_id": "req_mock_saas_engineer_us",
      "match": {
        "status": "full",
        "matched_on": [
          "email"
        ],
        "person": {
          "found": true,
          "matched_on": "email",
          "confidence": 0.98
        },
        "company": {
          "found": true,
          "matched_on": "email",
          "confidence": 0.95
        }
      },
      "fields": {
        "first_name": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "last_name": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_name": {
          "source": "mock",
          "confidence": 0.97,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "title": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "industry": {
          "source": "mock",
          "confidence": 0.9,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_size": {
          "source": "mock",
          "confidence": 0.8,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "location": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "linkedin_url": {
          "source": "mock",
          "confidence": 0.9,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "phone": {
          "source": "mock",
          "confidence": 0.7,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "business_email": {
          "source": "mock",
          "confidence": 0.98,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "city": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "state": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "country": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "zip_code": {
          "source": "mock",
          "confidence": 0.8,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_revenue": {
          "source": "mock",
          "confidence": 0.7,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "technologies": {
          "source": "mock",
          "confidence": 0.75,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "seniority": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "department": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        }
      },
      "missing": [
        "personal_email"
      ],
      "warnings": [],
      "cached": false,
      "mock": true
    }
  },
  "fintech_cfo_uk": {
    "first_name": "Oliver",
    "last_name": "Bennett",
    "company_name": "Northgate Payments",
    "title": "Chief Financial Officer",
    "industry": "Financial Services",
    "company_size": "501-1000",
    "location": "London, England, United Kingdom",
    "linkedin_url": "https://www.linkedin.com/in/oliver-bennett-cfo",
    "phone": "+44 20 7946 0321",
    "personal_email": null,
    "business_email": "oliver.bennett@northgatepay.co.uk",
    "city": "London",
    "state": "England",
    "country": "United Kingdom",
    "zip_code": "EC2A 4NE",
    "company_revenue": "$100M-$500M",
    "technologies": "Salesforce, Snowflake, Java, Kubernetes",
    "seniority": "C-level",
    "department": "Finance",
    "meta": {
      "request_id": "req_mock_fintech_cfo_uk",
      "match": {
        "status": "full",
        "matched_on": [
          "email"
        ],
        "person": {
          "found": true,
          "matched_on": "email",
          "confidence": 0.98
        },
        "company": {
          "found": true,
          "matched_on": "email",
          "confidence": 0.95
        }
      },
      "fields": {
        "first_name": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "last_name": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_name": {
          "source": "mock",
          "confidence": 0.97,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "title": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "industry": {
          "source": "mock",
          "confidence": 0.9,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_size": {
          "source": "mock",
          "confidence": 0.8,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "location": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "linkedin_url": {
          "source": "mock",
          "confidence": 0.9,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "phone": {
          "source": "mock",
          "confidence": 0.7,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "business_email": {
          "source": "mock",
          "confidence": 0.98,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "city": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "state": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "country": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "zip_code": {
          "source": "mock",
          "confidence": 0.8,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_revenue": {
          "source": "mock",
          "confidence": 0.7,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "technologies": {
          "source": "mock",
          "confidence": 0.75,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "seniority": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "department": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        }
      },
      "missing": [
        "personal_email"
      ],
      "warnings": [],
      "cached": false,
      "mock": true
    }
  },
  "manufacturing_sales_de": {
    "first_name": "Lena",
    "last_name": "Schneider",
    "company_name": "Bergmann Antriebstechnik",
    "title": "Director of Sales DACH",
    "industry": "Industrial Machinery",
    "company_size": "1001-5000",
    "location": "Stuttgart, Baden-Württemberg, Germany",
    "linkedin_url": "https://www.linkedin.com/in/lena-schneider-sales",
    "phone": "+49 711 555 2740",
    "personal_email": null,
    "business_email": "lena.schneider@bergmann-antriebe.de",
    "city": "Stuttgart",
    "state": "Baden-Württemberg",
    "country": "Germany",
    "zip_code": "70173",
    "company_revenue": "$500M-$1B",
    "technologies": "SAP, Microsoft 365, Salesforce",
    "seniority": "Director",
    "department": "Sales",
    "meta": {
      "request_id": "req_mock_manufacturing_sales_de",
      "match": {
        "status": "full",
        "matched_on": [
          "email"
        ],
        "person": {
          "found": true,
          "matched_on": "email",
          "confidence": 0.98
        },
        "company": {
          "found": true,
          "matched_on": "email",
          "confidence": 0.95
        }
      },
      "fields": {
        "first_name": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "last_name": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_name": {
          "source": "mock",
          "confidence": 0.97,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "title": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "industry": {
          "source": "mock",
          "confidence": 0.9,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_size": {
          "source": "mock",
          "confidence": 0.8,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "location": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "linkedin_url": {
          "source": "mock",
          "confidence": 0.9,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "phone": {
          "source": "mock",
          "confidence": 0.7,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "business_email": {
          "source": "mock",
          "confidence": 0.98,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "city": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "state": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "country": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "zip_code": {
          "source": "mock",
          "confidence": 0.8,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_revenue": {
          "source": "mock",
          "confidence": 0.7,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "technologies": {
          "source": "mock",
          "confidence": 0.75,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "seniority": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "department": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        }
      },
      "missing": [
        "personal_email"
      ],
      "warnings": [],
      "cached": false,
      "mock": true
    }
  },
  "healthcare_nurse_manager_ca": {
    "first_name": "Priya",
    "last_name": "Raman",
    "company_name": "Lakeshore Health Network",
    "title": "Nurse Manager, Cardiology",
    "industry": "Hospital & Health Care",
    "company_size": "5001-10000",
    "location": "Toronto, ON, Canada",
    "linkedin_url": "https://www.linkedin.com/in/priya-raman-rn",
    "phone": "+1-416-555-0187",
    "personal_email": null,
    "business_email": "priya.raman@lakeshorehealth.ca",
    "city": "Toronto",
    "state": "ON",
    "country": "Canada",
    "zip_code": "M5G 2C4",
    "company_revenue": "$1B-$10B",
    "technologies": "Epic, Microsoft 365, ServiceNow",
    "seniority": "Manager",
    "department": "Operations",
    "meta": {
      "request_id": "req_mock_healthcare_nurse_manager_ca",
      "match": {
        "status": "full",
        "matched_on": [
          "email"
        ],
        "person": {
          "found": true,
          "matched_on": "email",
          "confidence": 0.98
        },
        "company": {
          "found": true,
          "matched_on": "email",
          "confidence": 0.95
        }
      },
      "fields": {
        "first_name": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "last_name": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_name": {
          "source": "mock",
          "confidence": 0.97,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "title": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "industry": {
          "source": "mock",
          "confidence": 0.9,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_size": {
          "source": "mock",
          "confidence": 0.8,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "location": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "linkedin_url": {
          "source": "mock",
          "confidence": 0.9,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "phone": {
          "source": "mock",
          "confidence": 0.7,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "business_email": {
          "source": "mock",
          "confidence": 0.98,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "city": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "state": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "country": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "zip_code": {
          "source": "mock",
          "confidence": 0.8,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_revenue": {
          "source": "mock",
          "confidence": 0.7,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "technologies": {
          "source": "mock",
          "confidence": 0.75,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "seniority": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "department": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        }
      },
      "missing": [
        "personal_email"
      ],
      "warnings": [],
      "cached": false,
      "mock": true
    }
  },
  "ecommerce_founder_br": {
    "first_name": "Lucas",
    "last_name": "Almeida",
    "company_name": "Casa Verde Store",
    "title": "Founder & CEO",
    "industry": "Retail",
    "company_size": "11-50",
    "location": "São Paulo, SP, Brazil",
    "linkedin_url": "https://www.linkedin.com/in/lucas-almeida-casaverde",
    "phone": "+55 11 95555-0142",
    "personal_email": "lucas.almeida@gmail.com",
    "business_email": "lucas@casaverde.com.br",
    "city": "São Paulo",
    "state": "SP",
    "country": "Brazil",
    "zip_code": "01310-100",
    "company_revenue": "$1M-$10M",
    "technologies": "Shopify, Google Analytics, Klaviyo",
    "seniority": "C-level",
    "department": "Executive",
    "meta": {
      "request_id": "req_mock_ecommerce_founder_br",
      "match": {
        "status": "full",
        "matched_on": [
          "email"
        ],
        "person": {
          "found": true,
          "matched_on": "email",
          "confidence": 0.98
        },
        "company": {
          "found": true,
          "matched_on": "email",
          "confidence": 0.95
        }
      },
      "fields": {
        "first_name": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "last_name": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_name": {
          "source": "mock",
          "confidence": 0.97,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "title": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "industry": {
          "source": "mock",
          "confidence": 0.9,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_size": {
          "source": "mock",
          "confidence": 0.8,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "location": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "linkedin_url": {
          "source": "mock",
          "confidence": 0.9,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "phone": {
          "source": "mock",
          "confidence": 0.7,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "personal_email": {
          "source": "mock",
          "confidence": 0.9,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "business_email": {
          "source": "mock",
          "confidence": 0.98,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "city": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "state": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "country": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "zip_code": {
          "source": "mock",
          "confidence": 0.8,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_revenue": {
          "source": "mock",
          "confidence": 0.7,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "technologies": {
          "source": "mock",
          "confidence": 0.75,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "seniority": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "department": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        }
      },
      "missing": [],
      "warnings": [],
      "cached": false,
      "mock": true
    }
  },
  "marketing_vp_au": {
    "first_name": "Chloe",
    "last_name": "Nguyen",
    "company_name": "Harbourline Media",
    "title": "VP Marketing",
    "industry": "Media & Entertainment",
    "company_size": "51-200",
    "location": "Sydney, NSW, Australia",
    "linkedin_url": "https://www.linkedin.com/in/chloe-nguyen-marketing",
    "phone": "+61 2 5550 1234",
    "personal_email": null,
    "business_email": "chloe.nguyen@harbourline.com.au",
    "city": "Sydney",
    "state": "NSW",
    "country": "Australia",
    "zip_code": "2000",
    "company_revenue": "$10M-$50M",
    "technologies": "HubSpot, WordPress, Google Ads, Segment",
    "seniority": "VP",
    "department": "Marketing",
    "meta": {
      "request_id": "req_mock_marketing_vp_au",
      "match": {
        "status": "full",
        "matched_on": [
          "email"
        ],
        "person": {
          "found": true,
          "matched_on": "email",
          "confidence": 0.98
        },
        "company": {
          "found": true,
          "matched_on": "email",
          "confidence": 0.95
        }
      },
      "fields": {
        "first_name": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "last_name": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_name": {
          "source": "mock",
          "confidence": 0.97,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "title": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "industry": {
          "source": "mock",
          "confidence": 0.9,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_size": {
          "source": "mock",
          "confidence": 0.8,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "location": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "linkedin_url": {
          "source": "mock",
          "confidence": 0.9,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "phone": {
          "source": "mock",
          "confidence": 0.7,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "business_email": {
          "source": "mock",
          "confidence": 0.98,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "city": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "state": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "country": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "zip_code": {
          "source": "mock",
          "confidence": 0.8,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_revenue": {
          "source": "mock",
          "confidence": 0.7,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "technologies": {
          "source": "mock",
          "confidence": 0.75,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "seniority": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "department": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        }
      },
      "missing": [
        "personal_email"
      ],
      "warnings": [],
      "cached": false,
      "mock": true
    }
  },
  "logistics_analyst_in": {
    "first_name": "Arjun",
    "last_name": "Mehta",
    "company_name": "Swiftway Logistics",
    "title": "Operations Analyst",
    "industry": "Logistics & Supply Chain",
    "company_size": "1001-5000",
    "location": "Bengaluru, Karnataka, India",
    "linkedin_url": "https://www.linkedin.com/in/arjun-mehta-ops",
    "phone": "+91 80 5555 0199",
    "personal_email": null,
    "business_email": "arjun.mehta@swiftway.in",
    "city": "Bengaluru",
    "state": "Karnataka",
    "country": "India",
    "zip_code": "560001",
    "company_revenue": "$100M-$500M",
    "technologies": "Oracle, Python, Tableau, Google Workspace",
    "seniority": "Entry",
    "department": "Operations",
    "meta": {
      "request_id": "req_mock_logistics_analyst_in",
      "match": {
        "status": "full",
        "matched_on": [
          "email"
        ],
        "person": {
          "found": true,
          "matched_on": "email",
          "confidence": 0.98
        },
        "company": {
          "found": true,
          "matched_on": "email",
          "confidence": 0.95
        }
      },
      "fields": {
        "first_name": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "last_name": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_name": {
          "source": "mock",
          "confidence": 0.97,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "title": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "industry": {
          "source": "mock",
          "confidence": 0.9,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_size": {
          "source": "mock",
          "confidence": 0.8,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "location": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "linkedin_url": {
          "source": "mock",
          "confidence": 0.9,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "phone": {
          "source": "mock",
          "confidence": 0.7,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "business_email": {
          "source": "mock",
          "confidence": 0.98,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "city": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "state": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "country": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "zip_code": {
          "source": "mock",
          "confidence": 0.8,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_revenue": {
          "source": "mock",
          "confidence": 0.7,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "technologies": {
          "source": "mock",
          "confidence": 0.75,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "seniority": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "department": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        }
      },
      "missing": [
        "personal_email"
      ],
      "warnings": [],
      "cached": false,
      "mock": true
    }
  },
  "legal_counsel_fr": {
    "first_name": "Camille",
    "last_name": "Laurent",
    "company_name": "Énergies Rhône-Alpes",
    "title": "Senior Legal Counsel",
    "industry": "Utilities",
    "company_size": "10001+",
    "location": "Lyon, Auvergne-Rhône-Alpes, France",
    "linkedin_url": "https://www.linkedin.com/in/camille-laurent-juriste",
    "phone": "+33 4 72 55 01 23",
    "personal_email": null,
    "business_email": "camille.laurent@energies-ra.fr",
    "city": "Lyon",
    "state": "Auvergne-Rhône-Alpes",
    "country": "France",
    "zip_code": "69002",
    "company_revenue": "$10B+",
    "technologies": "SAP, Microsoft Azure, DocuSign",
    "seniority": "Senior",
    "department": "Legal",
    "meta": {
      "request_id": "req_mock_legal_counsel_fr",
      "match": {
        "status": "full",
        "matched_on": [
          "email"
        ],
        "person": {
          "found": true,
          "matched_on": "email",
          "confidence": 0.98
        },
        "company": {
          "found": true,
          "matched_on": "email",
          "confidence": 0.95
        }
      },
      "fields": {
        "first_name": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "last_name": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_name": {
          "source": "mock",
          "confidence": 0.97,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "title": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "industry": {
          "source": "mock",
          "confidence": 0.9,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_size": {
          "source": "mock",
          "confidence": 0.8,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "location": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "linkedin_url": {
          "source": "mock",
          "confidence": 0.9,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "phone": {
          "source": "mock",
          "confidence": 0.7,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "business_email": {
          "source": "mock",
          "confidence": 0.98,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "city": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "state": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "country": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "zip_code": {
          "source": "mock",
          "confidence": 0.8,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_revenue": {
          "source": "mock",
          "confidence": 0.7,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "technologies": {
          "source": "mock",
          "confidence": 0.75,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "seniority": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "department": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        }
      },
      "missing": [
        "personal_email"
      ],
      "warnings": [],
      "cached": false,
      "mock": true
    }
  },
  "company_only_jp": {
    "first_name": null,
    "last_name": null,
    "company_name": "Kaneda Robotics",
    "title": null,
    "industry": "Robotics",
    "company_size": "201-500",
    "location": "Osaka, Osaka, Japan",
    "linkedin_url": "https://www.linkedin.com/company/kaneda-robotics",
    "phone": "+81 6 5555 0100",
    "personal_email": null,
    "business_email": null,
    "city": "Osaka",
    "state": "Osaka",
    "country": "Japan",
    "zip_code": "530-0001",
    "company_revenue": "$50M-$100M",
    "technologies": "C++, ROS, Azure DevOps",
    "seniority": null,
    "department": null,
    "meta": {
      "request_id": "req_mock_company_only_jp",
      "match": {
        "status": "partial",
        "matched_on": [
          "domain"
        ],
        "person": {
          "found": false,
          "matched_on": null,
          "confidence": null
        },
        "company": {
          "found": true,
          "matched_on": "domain",
          "confidence": 0.95
        }
      },
      "fields": {
        "company_name": {
          "source": "mock",
          "confidence": 0.97,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "industry": {
          "source": "mock",
          "confidence": 0.9,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_size": {
          "source": "mock",
          "confidence": 0.8,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "location": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "linkedin_url": {
          "source": "mock",
          "confidence": 0.9,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "phone": {
          "source": "mock",
          "confidence": 0.7,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "city": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "state": {
          "source": "mock",
          "confidence": 0.85,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "country": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "zip_code": {
          "source": "mock",
          "confidence": 0.8,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "company_revenue": {
          "source": "mock",
          "confidence": 0.7,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "technologies": {
          "source": "mock",
          "confidence": 0.75,
          "fetched_at": "2026-11-01T09:00:00Z"
        }
      },
      "missing": [
        "first_name",
        "last_name",
        "title",
        "personal_email",
        "business_email",
        "seniority",
        "department"
      ],
      "warnings": [],
      "cached": false,
      "mock": true
    }
  },
  "personal_email_partial": {
    "first_name": "Maria",
    "last_name": "Garcia",
    "company_name": null,
    "title": null,
    "industry": null,
    "company_size": null,
    "location": null,
    "linkedin_url": null,
    "phone": null,
    "personal_email": "maria.garcia@yahoo.com",
    "business_email": null,
    "city": null,
    "state": null,
    "country": null,
    "zip_code": null,
    "company_revenue": null,
    "technologies": null,
    "seniority": null,
    "department": null,
    "meta": {
      "request_id": "req_mock_personal_email_partial",
      "match": {
        "status": "partial",
        "matched_on": [
          "email"
        ],
        "person": {
          "found": false,
          "matched_on": null,
          "confidence": null
        },
        "company": {
          "found": false,
          "matched_on": null,
          "confidence": null
        }
      },
      "fields": {
        "first_name": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "last_name": {
          "source": "mock",
          "confidence": 0.95,
          "fetched_at": "2026-11-01T09:00:00Z"
        },
        "personal_email": {
          "source": "mock",
          "confidence": 0.9,
          "fetched_at": "2026-11-01T09:00:00Z"
        }
      },
      "missing": [
        "company_name",
        "title",
        "industry",
        "company_size",
        "location",
        "linkedin_url",
        "phone",
        "business_email",
        "city",
        "state",
        "country",
        "zip_code",
        "company_revenue",
        "technologies",
        "seniority",
        "department"
      ],
      "warnings": [],
      "cached": false,
      "mock": true
    }
  },
  "no_match": {
    "first_name": null,
    "last_name": null,
    "company_name": null,
    "title": null,
    "industry": null,
    "company_size": null,
    "location": null,
    "linkedin_url": null,
    "phone": null,
    "personal_email": null,
    "business_email": null,
    "city": null,
    "state": null,
    "country": null,
    "zip_code": null,
    "company_revenue": null,
    "technologies": null,
    "seniority": null,
    "department": null,
    "meta": {
      "request_id": "req_mock_no_match",
      "match": {
        "status": "none",
        "matched_on": [],
        "person": {
          "found": false,
          "matched_on": null,
          "confidence": null
        },
        "company": {
          "found": false,
          "matched_on": null,
          "confidence": null
        }
      },
      "fields": {},
      "missing": [
        "first_name",
        "last_name",
        "company_name",
        "title",
        "industry",
        "company_size",
        "location",
        "linkedin_url",
        "phone",
        "personal_email",
        "business_email",
        "city",
        "state",
        "country",
        "zip_code",
        "company_revenue",
        "technologies",
        "seniority",
        "department"
      ],
      "warnings": [],
      "cached": false,
      "mock": true
    }
  }
};
