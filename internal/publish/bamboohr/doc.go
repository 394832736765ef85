// Package bamboohr is the BambooHR target of publishing: it puts people's
// new profile pictures into their BambooHR employee profiles.
//
// It talks to BambooHR's API (https://documentation.bamboohr.com) under
// {base}/api/gateway.php/{companyDomain}/v1, with HTTP Basic and the API
// key as the user name on every request (there is no token to renew), and
// through publish.NewClient for retries and throttling.
//
//   - Accounts: the company directory (GET employees/directory, as JSON),
//     matched by work email. A company can turn the directory off or leave
//     the work email out of it; then a custom report of id, work email and
//     name (POST reports/custom), which BambooHR recommends for bulk
//     employee data, takes its place. Neither is paged: one answer lists
//     everyone.
//   - Current: GET employees/{id}/photo/original; a 404 "Employee photo not
//     found" means no photo (publish.ErrNoPhoto).
//   - Upload: POST employees/{id}/photo, multipart/form-data with the field
//     "file".
//   - Remove: BambooHR's API has no way to delete a photo. Reverting a
//     person who had no photo therefore fails with words saying so and what
//     to do by hand in BambooHR, unless the photo is gone already.
//
// A 401 (the key is wrong, revoked, or its user disabled) and a 403 (the
// key's user may not see or change photos) stop the run with words naming
// what to fix in BambooHR.
package bamboohr
