// Package google is the Google Workspace target of publish: it puts
// people's profile pictures into Google Workspace through the Admin SDK
// Directory API (users.list, users.photos get/update/delete).
//
// Shotdesk signs in as a service account with domain-wide delegation that
// acts as one admin of the domain (the JWT-bearer grant of OAuth 2.0, scope
// admin.directory.user). Google's own Go libraries build the requests
// (google.golang.org/api/admin/directory/v1) and sign the assertion
// (golang.org/x/oauth2/google), but every request, the token exchange
// included, goes through publish.NewClient: the library gets a ready
// *http.Client and adds no credentials or retries of its own, so there is
// exactly one retry policy and one token cache.
//
// Two Google habits shape the code. The Directory API documents its
// throttling as 403 userRateLimitExceeded / quotaExceeded, not 429, so a
// small transport under the shared client turns those answers into 429s
// and the shared pause and pace handle them like any other target's. And
// an update does not replace a photo the user set themselves, so Upload
// deletes the current photo first (and puts it back if the upload then
// fails).
package google
