/**
 * DO NOT EDIT. Generated from openapi/enrich.yaml by scripts/generate.mjs (openapi-typescript for the types).
 * Change the spec, then run `make generate` (npm run generate) and commit both.
 */

export interface paths {
    "/enrich": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enrich a person or company in real time
         * @description At least one of `email`, `domain` or `company_name` is required. `enrich` names the fields
         *     wanted (all 19 when omitted); the answer holds exactly those fields at top level, each a
         *     value or `null`, plus `meta`. Limits apply per (API key tenant, `X-Account-ID`): by default
         *     100 per minute, 1000 per hour and 10000 per day, with a tenant-wide cap on top.
         */
        post: operations["enrich"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/enrich/enqueue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enrich a list of records as a job
         * @description Queues a list of records (each with `email`, `domain` and/or `company_name`, and your own `id`)
         *     for enrichment on the same engine as `POST /enrich`, and answers `202` with the job at once.
         *     Send JSON (`records`, up to 10,000 per call) or upload a CSV (`text/csv`, header row with
         *     `id`, `email`, `domain`, `company_name`; other columns are ignored) or NDJSON
         *     (`application/x-ndjson`, one record object per line) of any size; uploads are read as a stream.
         *     For uploads the options are query parameters. A bad row never fails the job: every input row
         *     has exactly one result row, in input order, with its values or a reason. Records count against
         *     the account's day window; a job larger than what is left is accepted and paced (see `pacing`).
         *     `Idempotency-Key` makes a retried enqueue answer the same job instead of making a second one.
         */
        post: operations["enqueue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The job's id, as `POST /enrich/enqueue` answered it.
                 * @example job_7f3a9c2e41d84b06
                 */
                id: components["parameters"]["JobId"];
            };
            cookie?: never;
        };
        /**
         * A job's state and progress
         * @description State, counts, progress, an estimate of the time left, pacing and webhook attempts. Another tenant's job is a `404`.
         */
        get: operations["getJob"];
        put?: never;
        post?: never;
        /**
         * Cancel a job
         * @description Stops a queued or running job. Rows already finished stay readable; a finished job is answered as it is.
         */
        delete: operations["cancelJob"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/{id}/results": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The job's id, as `POST /enrich/enqueue` answered it.
                 * @example job_7f3a9c2e41d84b06
                 */
                id: components["parameters"]["JobId"];
            };
            cookie?: never;
        };
        /**
         * A job's result rows, streamed
         * @description The finished rows after `cursor`, in input order, stopping at the first row not finished yet:
         *     NDJSON (`Accept: application/x-ndjson`, the default; one `JobResultRow` per line) or CSV
         *     (`Accept: text/csv`; a header row, then `row`, `id`, `input_email`, `input_domain`, `input_company_name`, the requested fields,
         *     `match`, `reason` and `problem`). To resume, send the last `row` received as `cursor`.
         */
        get: operations["getJobResults"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/{id}/webhook/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The job's id, as `POST /enrich/enqueue` answered it.
                 * @example job_7f3a9c2e41d84b06
                 */
                id: components["parameters"]["JobId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a finished job's webhook again
         * @description Schedules a new round of delivery attempts of the job's completion webhook (for a receiver that was down past the last retry).
         */
        post: operations["redeliverWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness
         * @description Answers 200 while the process can serve HTTP. It checks no dependency.
         */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness
         * @description 200 when every dependency the server uses answers; 503 otherwise, naming the one that failed.
         */
        get: operations["ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Prometheus text exposition format (version 0.0.4). Not public: with `METRICS_TOKEN` set it needs
         *     `Authorization: Bearer <METRICS_TOKEN>`; without it, only clients on the loopback interface are
         *     answered. API keys are not accepted here.
         */
        get: operations["metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.yaml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This OpenAPI document
         * @description The contract this server validates against, as YAML; generate clients from it.
         */
        get: operations["openapiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Rendered API reference
         * @description The reference rendered from this document with Swagger UI, served locally (no CDN).
         */
        get: operations["docs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description An email address, as a CRM export holds it: surrounding spaces are trimmed, an empty or blank
         *     value counts as absent, internationalised addresses (RFC 6531) are accepted. Matching ignores
         *     case, `+tags`, Gmail dots and the Unicode versus punycode form of the host; a person is found
         *     by their work or their personal address.
         * @example jane.doe@acme.io
         */
        Email: string;
        /**
         * @description A company's domain: a bare host (`acme.io`), with `www.`, or as a URL
         *     (`https://www.acme.io/about`); an internationalised domain in Unicode (`müller.de`) or punycode
         *     form (`xn--mller-kva.de`). It is reduced to the registrable domain. Surrounding spaces are
         *     trimmed; an empty or blank value counts as absent.
         * @example acme.io
         */
        Domain: string;
        /**
         * @description A company's name. Matching ignores case, punctuation and legal suffixes (Inc, GmbH, Ltd, ...). An empty or blank value counts as absent.
         * @example Acme Analytics, Inc.
         */
        CompanyName: string;
        /**
         * @description The name of an enrichment field.
         * @example first_name
         * @enum {string}
         */
        FieldName: "first_name" | "last_name" | "company_name" | "title" | "industry" | "company_size" | "location" | "linkedin_url" | "phone" | "personal_email" | "business_email" | "city" | "state" | "country" | "zip_code" | "company_revenue" | "technologies" | "seniority" | "department";
        /** @description What the caller knows and which fields it wants. At least one of email, domain or company_name is required, and at least one of those sent must not be blank (a 400 says so otherwise). */
        EnrichRequest: components["schemas"]["EnrichRequestFields"] & ({
            email: components["schemas"]["Email"];
        } | {
            domain: components["schemas"]["Domain"];
        } | {
            company_name: components["schemas"]["CompanyName"];
        });
        /** @description The members of an enrichment request; see EnrichRequest for the rule that at least one identifier is present. */
        EnrichRequestFields: {
            email?: components["schemas"]["Email"];
            domain?: components["schemas"]["Domain"];
            company_name?: components["schemas"]["CompanyName"];
            /**
             * @description The fields wanted; all 19 when omitted. Each appears in the answer, as a value or `null`.
             * @example [
             *       "first_name",
             *       "last_name",
             *       "title"
             *     ]
             */
            enrich?: components["schemas"]["FieldName"][];
            /**
             * @description Values found with a lower confidence are answered as `null` and listed in `meta.missing`.
             * @example 0.5
             */
            min_confidence?: number;
            /**
             * Format: int32
             * @description How long Enrich may look, in milliseconds (default 1500). Sources still running then are left out and named in `meta.warnings`.
             * @example 1500
             */
            deadline_ms?: number;
        };
        /** @description The requested fields (each a value or `null`) and `meta`. Fields not requested are absent. */
        EnrichResponse: {
            /**
             * @description Given name.
             * @example Jane
             */
            first_name?: string | null;
            /**
             * @description Family name.
             * @example Doe
             */
            last_name?: string | null;
            /**
             * @description The company's usual name, without legal suffix where it is commonly left out.
             * @example Acme Analytics
             */
            company_name?: string | null;
            /**
             * @description Job title as the person or company states it.
             * @example Software Engineer
             */
            title?: string | null;
            /**
             * @description The company's industry, in LinkedIn-style industry names.
             * @example Computer Software
             */
            industry?: string | null;
            /**
             * @description Employee count band: one of 1-10, 11-50, 51-200, 201-500, 501-1000, 1001-5000, 5001-10000, 10001+.
             * @example 201-500
             */
            company_size?: string | null;
            /**
             * @description Where the person (or else the company) is, as "City, State, Country".
             * @example San Francisco, CA, United States
             */
            location?: string | null;
            /**
             * @description The LinkedIn profile (person) or page (company), as an https URL.
             * @example https://www.linkedin.com/in/jane-doe-acme
             */
            linkedin_url?: string | null;
            /**
             * @description A work phone number in international form.
             * @example +1-415-555-0134
             */
            phone?: string | null;
            /**
             * @description A personal mailbox (a free-mail provider such as gmail.com).
             * @example jane.doe@gmail.com
             */
            personal_email?: string | null;
            /**
             * @description A work mailbox on the company's own domain.
             * @example jane.doe@acme.io
             */
            business_email?: string | null;
            /**
             * @description City.
             * @example San Francisco
             */
            city?: string | null;
            /**
             * @description State, province or region, abbreviated where that is usual.
             * @example CA
             */
            state?: string | null;
            /**
             * @description Country, by its English short name.
             * @example United States
             */
            country?: string | null;
            /**
             * @description Postal code, as written in its country.
             * @example 94105
             */
            zip_code?: string | null;
            /**
             * @description Annual revenue band in US dollars: one of $0-$1M, $1M-$10M, $10M-$50M, $50M-$100M, $100M-$500M, $500M-$1B, $1B-$10B, $10B+.
             * @example $10M-$50M
             */
            company_revenue?: string | null;
            /**
             * @description Technologies the company uses, comma-separated.
             * @example React, TypeScript, Node.js
             */
            technologies?: string | null;
            /**
             * @description Seniority from the title: one of C-level, VP, Director, Manager, Senior, Mid-level, Entry.
             * @example Mid-level
             */
            seniority?: string | null;
            /**
             * @description Department from the title, such as Engineering, Sales, Marketing, Finance, HR, Operations, Legal, Product, Design, Support, Executive.
             * @example Engineering
             */
            department?: string | null;
            meta: components["schemas"]["EnrichMeta"];
        };
        /** @description How the answer was made. */
        EnrichMeta: {
            /**
             * @description The id of the request that made this answer (also the `X-Request-ID` header).
             * @example 9f1c2d3e-4b5a-4c6d-8e7f-001122334455
             */
            request_id: string;
            match: components["schemas"]["Match"];
            fields: components["schemas"]["FieldsProvenance"];
            /**
             * @description Requested fields answered as `null`.
             * @example [
             *       "phone",
             *       "personal_email"
             *     ]
             */
            missing: components["schemas"]["FieldName"][];
            /**
             * @description Sources that failed or missed the deadline; the answer is partial when there are any.
             * @example []
             */
            warnings: components["schemas"]["Warning"][];
            /**
             * @description True when the answer was served from the cache.
             * @example false
             */
            cached: boolean;
            /**
             * @description True when the answer is mock data (Prism or the client's fallback), never real.
             * @example false
             */
            mock: boolean;
            /**
             * @description Why a client answered with mock data instead of the API: `api_4xx`/`api_5xx` (the API's
             *     problem), `network`, `timeout` (the latency budget ran out), `rate_limited`, `circuit_open`
             *     (the API failed repeatedly), `invalid_response` (a 200 that breaks this contract), `rollout`
             *     (the account is not yet in the share sent to the real API).
             * @example network
             * @enum {string}
             */
            mock_reason?: "api_4xx" | "api_5xx" | "network" | "timeout" | "rate_limited" | "circuit_open" | "invalid_response" | "rollout";
        };
        /** @description What the identifiers found (the person, the company) and how complete the answer is. */
        Match: {
            /**
             * @description Field completeness, not identity: `full`: every requested field has a value; `partial`: some do; `none`: none do. Whether a person or company was found is in `person` and `company`.
             * @example partial
             * @enum {string}
             */
            status: "full" | "partial" | "none";
            /**
             * @description The identifiers that produced at least one value.
             * @example [
             *       "email"
             *     ]
             */
            matched_on: ("email" | "domain" | "company_name")[];
            person: components["schemas"]["EntityMatch"];
            company: components["schemas"]["EntityMatch"];
        };
        /** @description Whether a record of this entity (a person or a company) was found, on which identifier and how sure Enrich is that it is the right one. Values guessed from the identifiers alone (names from an email) do not count as a found person. */
        EntityMatch: {
            /** @example true */
            found: boolean;
            /**
             * @description The identifier the record was found by; `null` when none was found.
             * @example email
             * @enum {string|null}
             */
            matched_on: "email" | "domain" | "company_name" | null;
            /**
             * @description How likely the record found is the one meant (measured by `make eval`); `null` when none was found.
             * @example 0.98
             */
            confidence: number | null;
        };
        /** @description For each field that has a value, where it came from. */
        FieldsProvenance: {
            first_name?: components["schemas"]["Provenance"];
            last_name?: components["schemas"]["Provenance"];
            company_name?: components["schemas"]["Provenance"];
            title?: components["schemas"]["Provenance"];
            industry?: components["schemas"]["Provenance"];
            company_size?: components["schemas"]["Provenance"];
            location?: components["schemas"]["Provenance"];
            linkedin_url?: components["schemas"]["Provenance"];
            phone?: components["schemas"]["Provenance"];
            personal_email?: components["schemas"]["Provenance"];
            business_email?: components["schemas"]["Provenance"];
            city?: components["schemas"]["Provenance"];
            state?: components["schemas"]["Provenance"];
            country?: components["schemas"]["Provenance"];
            zip_code?: components["schemas"]["Provenance"];
            company_revenue?: components["schemas"]["Provenance"];
            technologies?: components["schemas"]["Provenance"];
            seniority?: components["schemas"]["Provenance"];
            department?: components["schemas"]["Provenance"];
        };
        /** @description Where one value came from and how sure Enrich is of it. */
        Provenance: {
            /**
             * @description The source that found the value: `store` (operator data), `derived` (follows from the identifiers), `web`, `dns`, `provider`, or `mock`. Unchanged when the answer is served from the cache.
             * @example derived
             * @enum {string}
             */
            source: "store" | "derived" | "web" | "dns" | "provider" | "mock";
            /**
             * @description How likely the value is right, from 0 to 1.
             * @example 0.85
             */
            confidence: number;
            /**
             * Format: date-time
             * @description When the source produced the value.
             * @example 2026-11-29T10:15:00Z
             */
            fetched_at: string;
            /** @description Present only when sources disagreed on this field; the values that lost to the one answered (lower confidence, or a tie lost to an earlier source). */
            alternatives?: components["schemas"]["Alternative"][];
        };
        /** @description A value another source gave for the same field. */
        Alternative: {
            /** @example Acme Analytics Inc. */
            value: string;
            /**
             * @example web
             * @enum {string}
             */
            source: "store" | "derived" | "web" | "dns" | "provider" | "mock";
            /** @example 0.7 */
            confidence: number;
        };
        /** @description A source that could not contribute. */
        Warning: {
            /**
             * @description The source's name.
             * @example web
             */
            source: string;
            /**
             * @description `timeout`: it missed the deadline; `error`: it failed; `unavailable`: it could not be consulted.
             * @example timeout
             * @enum {string}
             */
            code: "timeout" | "error" | "unavailable";
            /**
             * @description What happened, for people.
             * @example web did not answer within 1500 ms
             */
            detail: string;
        };
        /** @description An RFC 9457 problem document with the request id and, for invalid input, the list of problems. */
        Problem: {
            /**
             * Format: uri
             * @description Identifies the kind of problem.
             * @example https://enrich.example.com/problems/invalid-request
             */
            type: string;
            /**
             * @description A short summary of the kind of problem.
             * @example Your request is not valid.
             */
            title: string;
            /**
             * Format: int32
             * @description The HTTP status code.
             * @example 400
             */
            status: number;
            /**
             * @description What went wrong with this request.
             * @example Send at least one of email, domain or company_name.
             */
            detail?: string;
            /**
             * @description The path of the request.
             * @example /enrich
             */
            instance?: string;
            /**
             * @description The id of the request, as in `X-Request-ID`.
             * @example 9f1c2d3e-4b5a-4c6d-8e7f-001122334455
             */
            request_id: string;
            /** @description One entry per invalid input. */
            errors?: components["schemas"]["ProblemError"][];
            /**
             * @description For a 429, the rate-limit windows that are used up.
             * @example [
             *       "minute"
             *     ]
             */
            violated_policies?: string[];
        };
        ProblemError: {
            /**
             * @description A JSON pointer (RFC 6901) to the invalid input, from the request (`/body/email`, `/headers/x-account-id`).
             * @example /body/email
             */
            pointer: string;
            /**
             * @description What is wrong with it.
             * @example must match format "email"
             */
            detail: string;
        };
        Health: {
            /**
             * @example ok
             * @enum {string}
             */
            status: "ok";
            /** @example 0.1.0 */
            version: string;
            /**
             * Format: int32
             * @example 3621
             */
            uptime_s: number;
        };
        Readiness: {
            /**
             * @example ready
             * @enum {string}
             */
            status: "ready" | "not_ready";
            /**
             * @description Each dependency and what it answered (redis only when REDIS_URL is set).
             * @example {
             *       "store": "ok"
             *     }
             */
            checks: {
                /** @enum {string} */
                store?: "ok" | "unreachable";
                /** @enum {string} */
                redis?: "ok" | "unreachable";
            };
        };
        /**
         * @description One input record of a job. Values are checked row by row with the rules of `POST /enrich`: a
         *     record without a valid identifier is answered with the reason `invalid_identifier`, it does not
         *     fail the job.
         */
        BatchRecord: {
            /**
             * @description Your own id for the record, returned with its result row.
             * @example crm-0001
             */
            id?: string;
            /** @example jane.doe@acme.io */
            email?: string;
            /** @example acme.io */
            domain?: string;
            /** @example Acme Analytics, Inc. */
            company_name?: string;
        };
        /** @description A list of records and what to find for them. */
        EnqueueRequest: {
            records: components["schemas"]["BatchRecord"][];
            /**
             * @description The fields wanted; all 19 when omitted.
             * @example [
             *       "first_name",
             *       "title"
             *     ]
             */
            enrich?: components["schemas"]["FieldName"][];
            /** @example 0.5 */
            min_confidence?: number;
            /**
             * Format: uri
             * @description Where the signed completion webhook (Standard Webhooks v1) is POSTed; public http(s) addresses only.
             * @example https://hooks.example.com/enrich
             */
            webhook_url?: string;
        };
        /** @description A batch job and its progress. */
        Job: {
            /** @example job_7f3a9c2e41d84b06 */
            id: string;
            /**
             * @example running
             * @enum {string}
             */
            state: "queued" | "running" | "completed" | "failed" | "cancelled";
            /**
             * Format: date-time
             * @example 2026-11-29T10:15:00Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @example 2026-11-29T10:15:01Z
             */
            started_at: string | null;
            /**
             * Format: date-time
             * @example null
             */
            finished_at: string | null;
            counts: components["schemas"]["JobCounts"];
            /**
             * @description Rows done out of the total.
             * @example 0.42
             */
            progress: number;
            /**
             * Format: int32
             * @description Seconds left at the current pace; null before the first rows are done or once finished.
             * @example 95
             */
            eta_s: number | null;
            /**
             * @example [
             *       "first_name",
             *       "title"
             *     ]
             */
            enrich: components["schemas"]["FieldName"][];
            /** @example 0 */
            min_confidence: number;
            pacing: components["schemas"]["JobPacing"];
            webhook: components["schemas"]["JobWebhook"];
            links: {
                /** @example /jobs/job_7f3a9c2e41d84b06 */
                self: string;
                /** @example /jobs/job_7f3a9c2e41d84b06/results */
                results: string;
            };
        };
        JobCounts: {
            /**
             * Format: int32
             * @description Input rows.
             * @example 50000
             */
            total: number;
            /**
             * Format: int32
             * @description Rows with a result (matched, not matched or failed).
             * @example 21000
             */
            done: number;
            /**
             * Format: int32
             * @description Rows where something was found.
             * @example 17500
             */
            matched: number;
            /**
             * Format: int32
             * @description Rows answered with a reason other than `no_match`.
             * @example 120
             */
            failed: number;
        };
        /** @description Whether the account's day window holds the job back. */
        JobPacing: {
            /**
             * @description True while the day window of the account is used up and the job waits for it.
             * @example false
             */
            paced: boolean;
            /**
             * Format: date-time
             * @description When the window has room again.
             * @example null
             */
            resumes_at: string | null;
        };
        /** @description The completion webhook and every delivery attempt; null when the job has no `webhook_url`. */
        JobWebhook: {
            /** @example https://hooks.example.com/enrich */
            url: string;
            /**
             * @description `waiting` for the job to finish, `pending` delivery, `delivered` (a 2xx answer), `failed` after the last attempt.
             * @example delivered
             * @enum {string}
             */
            state: "waiting" | "pending" | "delivered" | "failed";
            /**
             * Format: date-time
             * @example null
             */
            next_attempt_at: string | null;
            attempts: components["schemas"]["WebhookAttempt"][];
        } | null;
        WebhookAttempt: {
            /**
             * Format: int32
             * @example 1
             */
            attempt: number;
            /**
             * Format: date-time
             * @example 2026-11-29T10:17:05Z
             */
            at: string;
            /**
             * Format: int32
             * @description The receiver's HTTP status; null when no answer came.
             * @example 200
             */
            status: number | null;
            /**
             * @description Why the attempt failed, when it did.
             * @example null
             */
            error: string | null;
        };
        /**
         * @description One line of `GET /jobs/{id}/results` as NDJSON: the row number, your id, the identifiers sent,
         *     a reason (null when the row was enriched and matched), then the requested fields and `meta`
         *     exactly as `POST /enrich` answers them (fields are null and `meta` absent when the row failed).
         */
        JobResultRow: {
            /**
             * Format: int32
             * @example 1
             */
            row: number;
            /** @example crm-0001 */
            id: string | null;
            input: components["schemas"]["BatchRecord"];
            /**
             * @example null
             * @enum {string|null}
             */
            reason: "invalid_identifier" | "invalid_row" | "no_match" | "source_unavailable" | "internal_error" | null;
            /** @example null */
            problem: string | null;
            meta?: components["schemas"]["EnrichMeta"];
            first_name?: components["schemas"]["ResultValue"];
            last_name?: components["schemas"]["ResultValue"];
            company_name?: components["schemas"]["ResultValue"];
            title?: components["schemas"]["ResultValue"];
            industry?: components["schemas"]["ResultValue"];
            company_size?: components["schemas"]["ResultValue"];
            location?: components["schemas"]["ResultValue"];
            linkedin_url?: components["schemas"]["ResultValue"];
            phone?: components["schemas"]["ResultValue"];
            personal_email?: components["schemas"]["ResultValue"];
            business_email?: components["schemas"]["ResultValue"];
            city?: components["schemas"]["ResultValue"];
            state?: components["schemas"]["ResultValue"];
            country?: components["schemas"]["ResultValue"];
            zip_code?: components["schemas"]["ResultValue"];
            company_revenue?: components["schemas"]["ResultValue"];
            technologies?: components["schemas"]["ResultValue"];
            seniority?: components["schemas"]["ResultValue"];
            department?: components["schemas"]["ResultValue"];
        };
        /**
         * @description A requested field's value, or `null` when unknown (the same as in `POST /enrich`'s answer).
         * @example Jane
         */
        ResultValue: string | null;
    };
    responses: {
        /** @description The request is invalid; `errors[]` points at each problem. */
        BadRequest: {
            headers: {
                "X-Request-ID": components["headers"]["X-Request-ID"];
                "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                RateLimit: components["headers"]["RateLimit"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://enrich.example.com/problems/invalid-request",
                 *       "title": "Your request is not valid.",
                 *       "status": 400,
                 *       "detail": "Send at least one of email, domain or company_name.",
                 *       "instance": "/enrich",
                 *       "request_id": "9f1c2d3e-4b5a-4c6d-8e7f-001122334455",
                 *       "errors": [
                 *         {
                 *           "pointer": "/body",
                 *           "detail": "must have at least one of email, domain, company_name"
                 *         }
                 *       ]
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No API key, or one that is not valid. */
        Unauthorized: {
            headers: {
                "X-Request-ID": components["headers"]["X-Request-ID"];
                /**
                 * @description The authentication scheme to use.
                 * @example Bearer realm="enrich"
                 */
                "WWW-Authenticate"?: string;
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://enrich.example.com/problems/unauthorized",
                 *       "title": "Authentication is required.",
                 *       "status": 401,
                 *       "detail": "Send your API key as \"Authorization: Bearer <key>\".",
                 *       "instance": "/enrich",
                 *       "request_id": "9f1c2d3e-4b5a-4c6d-8e7f-001122334455"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The key is known but may not be used any more (revoked). */
        Forbidden: {
            headers: {
                "X-Request-ID": components["headers"]["X-Request-ID"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://enrich.example.com/problems/forbidden",
                 *       "title": "This key may not do that.",
                 *       "status": 403,
                 *       "detail": "The API key has been revoked.",
                 *       "instance": "/enrich",
                 *       "request_id": "9f1c2d3e-4b5a-4c6d-8e7f-001122334455"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is larger than the server accepts. */
        PayloadTooLarge: {
            headers: {
                "X-Request-ID": components["headers"]["X-Request-ID"];
                "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                RateLimit: components["headers"]["RateLimit"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://enrich.example.com/problems/payload-too-large",
                 *       "title": "The request body is too large.",
                 *       "status": 413,
                 *       "detail": "Bodies are limited to 16384 bytes.",
                 *       "instance": "/enrich",
                 *       "request_id": "9f1c2d3e-4b5a-4c6d-8e7f-001122334455"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is not `application/json`. */
        UnsupportedMediaType: {
            headers: {
                "X-Request-ID": components["headers"]["X-Request-ID"];
                "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                RateLimit: components["headers"]["RateLimit"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://enrich.example.com/problems/unsupported-media-type",
                 *       "title": "The request body must be JSON.",
                 *       "status": 415,
                 *       "detail": "Send the body with \"Content-Type: application/json\".",
                 *       "instance": "/enrich",
                 *       "request_id": "9f1c2d3e-4b5a-4c6d-8e7f-001122334455"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description A rate-limit window is used up. Wait `Retry-After` seconds. */
        TooManyRequests: {
            headers: {
                "X-Request-ID": components["headers"]["X-Request-ID"];
                "Retry-After": components["headers"]["Retry-After"];
                "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                RateLimit: components["headers"]["RateLimit"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://iana.org/assignments/http-problem-types#quota-exceeded",
                 *       "title": "Request cannot be satisfied as assigned quota has been exceeded.",
                 *       "status": 429,
                 *       "detail": "The minute window of 100 requests for this account is used up; retry in 41 seconds.",
                 *       "instance": "/enrich",
                 *       "request_id": "9f1c2d3e-4b5a-4c6d-8e7f-001122334455",
                 *       "violated_policies": [
                 *         "minute"
                 *       ]
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Something failed inside Enrich. The request id identifies it in our logs. */
        InternalError: {
            headers: {
                "X-Request-ID": components["headers"]["X-Request-ID"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://enrich.example.com/problems/internal-error",
                 *       "title": "Something went wrong on our side.",
                 *       "status": 500,
                 *       "detail": "The error has been logged with this request id.",
                 *       "instance": "/enrich",
                 *       "request_id": "9f1c2d3e-4b5a-4c6d-8e7f-001122334455"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No source could be consulted at all. Retry after `Retry-After` seconds. */
        ServiceUnavailable: {
            headers: {
                "X-Request-ID": components["headers"]["X-Request-ID"];
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://enrich.example.com/problems/unavailable",
                 *       "title": "Enrich cannot answer right now.",
                 *       "status": 503,
                 *       "detail": "No enrichment source is reachable.",
                 *       "instance": "/enrich",
                 *       "request_id": "9f1c2d3e-4b5a-4c6d-8e7f-001122334455"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No such job for this tenant (another tenant's job is not found either). */
        NotFound: {
            headers: {
                "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                RateLimit: components["headers"]["RateLimit"];
                "X-Request-ID": components["headers"]["X-Request-ID"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://enrich.example.com/problems/not-found",
                 *       "title": "There is nothing at this address.",
                 *       "status": 404,
                 *       "detail": "No job job_7f3a9c2e41d84b06 for this key.",
                 *       "instance": "/jobs/job_7f3a9c2e41d84b06",
                 *       "request_id": "9f1c2d3e-4b5a-4c6d-8e7f-001122334455"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The `Accept` header names no format this operation answers in. */
        NotAcceptable: {
            headers: {
                "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                RateLimit: components["headers"]["RateLimit"];
                "X-Request-ID": components["headers"]["X-Request-ID"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://enrich.example.com/problems/not-acceptable",
                 *       "title": "This format is not available.",
                 *       "status": 406,
                 *       "detail": "Results are available as application/x-ndjson or text/csv.",
                 *       "instance": "/jobs/job_7f3a9c2e41d84b06/results",
                 *       "request_id": "9f1c2d3e-4b5a-4c6d-8e7f-001122334455"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The request does not fit the job's current state. */
        Conflict: {
            headers: {
                "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                RateLimit: components["headers"]["RateLimit"];
                "X-Request-ID": components["headers"]["X-Request-ID"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://enrich.example.com/problems/conflict",
                 *       "title": "This does not fit the current state.",
                 *       "status": 409,
                 *       "detail": "The job has no webhook_url.",
                 *       "instance": "/jobs/job_7f3a9c2e41d84b06/webhook/redeliver",
                 *       "request_id": "9f1c2d3e-4b5a-4c6d-8e7f-001122334455"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        /**
         * @description The end account inside the key's tenant that this call is made for; rate limits apply per
         *     account. Letters, digits, `.`, `_`, `:`, `@` and `-`, 1 to 128 characters. When absent the
         *     tenant's default account is used.
         * @example acct_4821
         */
        AccountId: string;
        /**
         * @description A request id of your own (1 to 128 of `A-Z a-z 0-9 . _ : -`), echoed back; one is made when absent or invalid.
         * @example 9f1c2d3e-4b5a-4c6d-8e7f-001122334455
         */
        RequestIdIn: string;
        /**
         * @description A key of your own (1 to 200 visible characters) that makes the enqueue safe to retry: a second
         *     enqueue with the same key by the same tenant answers the job the first one made.
         * @example 4f1c7a0e-leads-2026-11-29
         */
        IdempotencyKey: string;
        /**
         * @description The job's id, as `POST /enrich/enqueue` answered it.
         * @example job_7f3a9c2e41d84b06
         */
        JobId: string;
    };
    requestBodies: never;
    headers: {
        /**
         * @description The id of this request, as sent by the caller or made by the server; it is also in every log line and problem body.
         * @example 9f1c2d3e-4b5a-4c6d-8e7f-001122334455
         */
        "X-Request-ID": string;
        /**
         * @description Seconds to wait before trying again.
         * @example 30
         */
        "Retry-After": number;
        /**
         * @description The quota policies that apply, as an RFC 8941 List (draft-ietf-httpapi-ratelimit-headers):
         *     one item per window, `q` the quota and `w` the window in seconds.
         * @example "minute";q=100;w=60, "hour";q=1000;w=3600, "day";q=10000;w=86400
         */
        "RateLimit-Policy": string;
        /**
         * @description The window closest to running out, as an RFC 8941 List (draft-ietf-httpapi-ratelimit-headers):
         *     `r` the requests remaining and `t` the seconds until the window resets.
         * @example "minute";r=97;t=41
         */
        RateLimit: string;
        /**
         * @description The address of the job (`/jobs/{id}`).
         * @example /jobs/job_7f3a9c2e41d84b06
         */
        Location: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    enrich: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The end account inside the key's tenant that this call is made for; rate limits apply per
                 *     account. Letters, digits, `.`, `_`, `:`, `@` and `-`, 1 to 128 characters. When absent the
                 *     tenant's default account is used.
                 * @example acct_4821
                 */
                "X-Account-ID"?: components["parameters"]["AccountId"];
                /**
                 * @description A request id of your own (1 to 128 of `A-Z a-z 0-9 . _ : -`), echoed back; one is made when absent or invalid.
                 * @example 9f1c2d3e-4b5a-4c6d-8e7f-001122334455
                 */
                "X-Request-ID"?: components["parameters"]["RequestIdIn"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EnrichRequest"];
            };
        };
        responses: {
            /**
             * @description What Enrich found. Exactly the requested fields appear at top level (value or `null`);
             *     `meta` says how each value was found. The named examples are the mock personas that
             *     Prism and the client's fallback serve; they carry `meta.mock: true`.
             */
            200: {
                headers: {
                    "X-Request-ID": components["headers"]["X-Request-ID"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnrichResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    enqueue: {
        parameters: {
            query?: {
                /**
                 * @description For uploads, the fields wanted, comma-separated (all 19 when absent).
                 * @example [
                 *       "first_name",
                 *       "title",
                 *       "company_name"
                 *     ]
                 */
                enrich?: components["schemas"]["FieldName"][];
                /**
                 * @description For uploads, the confidence floor (as in `POST /enrich`).
                 * @example 0.5
                 */
                min_confidence?: number;
                /**
                 * @description For uploads, where the signed completion webhook goes.
                 * @example https://hooks.example.com/enrich
                 */
                webhook_url?: string;
            };
            header?: {
                /**
                 * @description The end account inside the key's tenant that this call is made for; rate limits apply per
                 *     account. Letters, digits, `.`, `_`, `:`, `@` and `-`, 1 to 128 characters. When absent the
                 *     tenant's default account is used.
                 * @example acct_4821
                 */
                "X-Account-ID"?: components["parameters"]["AccountId"];
                /**
                 * @description A request id of your own (1 to 128 of `A-Z a-z 0-9 . _ : -`), echoed back; one is made when absent or invalid.
                 * @example 9f1c2d3e-4b5a-4c6d-8e7f-001122334455
                 */
                "X-Request-ID"?: components["parameters"]["RequestIdIn"];
                /**
                 * @description A key of your own (1 to 200 visible characters) that makes the enqueue safe to retry: a second
                 *     enqueue with the same key by the same tenant answers the job the first one made.
                 * @example 4f1c7a0e-leads-2026-11-29
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "records": [
                 *         {
                 *           "id": "crm-0001",
                 *           "email": "jane.doe@acme.io"
                 *         },
                 *         {
                 *           "id": "crm-0002",
                 *           "domain": "kaneda-robotics.co.jp"
                 *         }
                 *       ],
                 *       "enrich": [
                 *         "first_name",
                 *         "last_name",
                 *         "title",
                 *         "company_name"
                 *       ],
                 *       "webhook_url": "https://hooks.example.com/enrich"
                 *     }
                 */
                "application/json": components["schemas"]["EnqueueRequest"];
                /**
                 * @example id,email,domain,company_name
                 *     crm-0001,jane.doe@acme.io,,
                 *     crm-0002,,kaneda-robotics.co.jp,
                 */
                "text/csv": string;
                /**
                 * @example {"id":"crm-0001","email":"jane.doe@acme.io"}
                 *     {"id":"crm-0002","domain":"kaneda-robotics.co.jp"}
                 */
                "application/x-ndjson": string;
            };
        };
        responses: {
            /** @description The job is queued. `Location` is its address; the body is the job as `GET /jobs/{id}` answers it. */
            202: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    "X-Request-ID": components["headers"]["X-Request-ID"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getJob: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A request id of your own (1 to 128 of `A-Z a-z 0-9 . _ : -`), echoed back; one is made when absent or invalid.
                 * @example 9f1c2d3e-4b5a-4c6d-8e7f-001122334455
                 */
                "X-Request-ID"?: components["parameters"]["RequestIdIn"];
            };
            path: {
                /**
                 * @description The job's id, as `POST /enrich/enqueue` answered it.
                 * @example job_7f3a9c2e41d84b06
                 */
                id: components["parameters"]["JobId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job. */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    "X-Request-ID": components["headers"]["X-Request-ID"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    cancelJob: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A request id of your own (1 to 128 of `A-Z a-z 0-9 . _ : -`), echoed back; one is made when absent or invalid.
                 * @example 9f1c2d3e-4b5a-4c6d-8e7f-001122334455
                 */
                "X-Request-ID"?: components["parameters"]["RequestIdIn"];
            };
            path: {
                /**
                 * @description The job's id, as `POST /enrich/enqueue` answered it.
                 * @example job_7f3a9c2e41d84b06
                 */
                id: components["parameters"]["JobId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job, cancelled (or as it was, when it had already finished). */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    "X-Request-ID": components["headers"]["X-Request-ID"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getJobResults: {
        parameters: {
            query?: {
                /**
                 * @description The last row number already received (0, the default, starts at the first row).
                 * @example 0
                 */
                cursor?: number;
            };
            header?: {
                /**
                 * @description A request id of your own (1 to 128 of `A-Z a-z 0-9 . _ : -`), echoed back; one is made when absent or invalid.
                 * @example 9f1c2d3e-4b5a-4c6d-8e7f-001122334455
                 */
                "X-Request-ID"?: components["parameters"]["RequestIdIn"];
            };
            path: {
                /**
                 * @description The job's id, as `POST /enrich/enqueue` answered it.
                 * @example job_7f3a9c2e41d84b06
                 */
                id: components["parameters"]["JobId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The rows, streamed. */
            200: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    "X-Request-ID": components["headers"]["X-Request-ID"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {"row":1,"id":"crm-0001","input":{"email":"jane.doe@acme.io"},"reason":null,"problem":null,"first_name":"Jane","meta":{"request_id":"job_7f3a9c2e41d84b06:1","match":{"status":"full","matched_on":["email"]},"fields":{"first_name":{"source":"store","confidence":0.95,"fetched_at":"2026-11-29T10:15:00Z"}},"missing":[],"warnings":[],"cached":false,"mock":false}}
                     *     {"row":2,"id":"crm-0002","input":{"email":"not-an-email"},"reason":"invalid_identifier","problem":"email must match format \"email\"","first_name":null}
                     */
                    "application/x-ndjson": string;
                    /**
                     * @example row,id,input_email,input_domain,input_company_name,first_name,match,reason,problem
                     *     1,crm-0001,jane.doe@acme.io,,,Jane,full,,
                     *     2,crm-0002,not-an-email,,,,,invalid_identifier,"email must match format ""email"""
                     */
                    "text/csv": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    redeliverWebhook: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A request id of your own (1 to 128 of `A-Z a-z 0-9 . _ : -`), echoed back; one is made when absent or invalid.
                 * @example 9f1c2d3e-4b5a-4c6d-8e7f-001122334455
                 */
                "X-Request-ID"?: components["parameters"]["RequestIdIn"];
            };
            path: {
                /**
                 * @description The job's id, as `POST /enrich/enqueue` answered it.
                 * @example job_7f3a9c2e41d84b06
                 */
                id: components["parameters"]["JobId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A delivery is scheduled; the job shows its attempts. */
            202: {
                headers: {
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    "X-Request-ID": components["headers"]["X-Request-ID"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is alive. */
            200: {
                headers: {
                    "X-Request-ID": components["headers"]["X-Request-ID"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok",
                     *       "version": "0.1.0",
                     *       "uptime_s": 3621
                     *     }
                     */
                    "application/json": components["schemas"]["Health"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready to serve. */
            200: {
                headers: {
                    "X-Request-ID": components["headers"]["X-Request-ID"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ready",
                     *       "checks": {
                     *         "store": "ok"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            500: components["responses"]["InternalError"];
            /** @description A dependency is not reachable. */
            503: {
                headers: {
                    "X-Request-ID": components["headers"]["X-Request-ID"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "not_ready",
                     *       "checks": {
                     *         "store": "ok",
                     *         "redis": "unreachable"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Readiness"];
                };
            };
        };
    };
    metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Current metrics. */
            200: {
                headers: {
                    "X-Request-ID": components["headers"]["X-Request-ID"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example # HELP enrich_http_request_duration_seconds Request duration by operation and status.
                     *     # TYPE enrich_http_request_duration_seconds histogram
                     *     enrich_http_request_duration_seconds_count{operation="enrich",status="200"} 42
                     */
                    "text/plain": string;
                };
            };
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalError"];
        };
    };
    openapiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The contract, as YAML. */
            200: {
                headers: {
                    "X-Request-ID": components["headers"]["X-Request-ID"];
                    [name: string]: unknown;
                };
                content: {
                    /** @example openapi: 3.0.3 */
                    "application/yaml": string;
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    docs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An HTML page. */
            200: {
                headers: {
                    "X-Request-ID": components["headers"]["X-Request-ID"];
                    [name: string]: unknown;
                };
                content: {
                    /** @example <!doctype html><title>Enrich API</title> */
                    "text/html": string;
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
}
