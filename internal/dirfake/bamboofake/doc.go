// Package bamboofake is a local stand-in for the part of BambooHR's API that
// Shotdesk publishes profile pictures through, for tests of any package and
// for a running binary (the demo organization can publish to it).
//
// It serves, under /api/gateway.php/{companyDomain}/v1/:
//
//	GET  employees/directory            the company directory (JSON when asked with Accept: application/json)
//	POST reports/custom?format=JSON     a custom report (the documented fallback when the directory is off)
//	GET  employees/{id}/photo/{size}    an employee's photo
//	POST employees/{id}/photo           store a new photo (multipart/form-data, field "file")
//
// and enforces what BambooHR documents for them
// (https://documentation.bamboohr.com/reference/upload-employee-photo,
// https://documentation.bamboohr.com/reference/get-employee-photo,
// https://documentation.bamboohr.com/reference/get-employees-directory,
// https://documentation.bamboohr.com/reference/request-custom-report,
// https://documentation.bamboohr.com/docs/api-details):
//
//   - HTTP Basic with the API key as the user name (any password); an
//     unknown or revoked key gets 401.
//   - A photo is at most 20 MB (413), a JPEG, PNG or GIF by its content
//     (415), square within one pixel and at least 150×150 (415); a missing
//     file field or an empty file gets 400. The key's user needs the
//     permission to upload photos (403 otherwise).
//   - 404 for an unknown employee; 404 "Employee photo not found" for an
//     employee without a photo; the photo is served as stored.
//   - The directory lists active employees the company did not hide, and
//     answers 403 when the company turned directory sharing off.
//   - Throttling answers 429 with Retry-After (or, with LegacyThrottle, 503
//     with Retry-After as BambooHR did before September 2026).
//
// Faults for tests: a throttle of N requests per second, a storm (the next K
// requests get 429), 5xx errors, revoked keys, a disabled directory, a
// directory without work emails, forbidden reports, added latency, answers
// held back after the work is done (SlowAnswers), and At to
// inject any of them in the middle of a run. State for tests: every
// employee's photo bytes and the number of requests per kind.
package bamboofake
