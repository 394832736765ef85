// Package googlefake is a local stand-in for the parts of Google Workspace
// that Shotdesk publishes to: the OAuth 2.0 token endpoint (the JWT-bearer
// grant of a service account with domain-wide delegation) and the Admin SDK
// Directory API's users.list and users.photos (get, update, patch,
// delete).
//
// It behaves like Google where Google documents it, and like Google was
// seen to behave where it does not:
//   - the token endpoint verifies the assertion's RS256 signature with the
//     service account's public key, its audience, lifetime and subject, and
//     the scopes against the domain-wide delegation (401 unauthorized_client
//     when the client ID is not authorised for a scope; 400 invalid_grant
//     for an unknown user);
//   - the API checks the bearer token (401 when unknown or expired), its
//     scope (403 insufficientPermissions) and that the impersonated user is
//     an admin (403 "Not Authorized to access this resource/api");
//   - users.list pages at most 500 users (maxResults 1–500, default 100)
//     with nextPageToken, and needs customer or domain;
//   - users.photos.update takes web-safe base64 photoData, JPEG, PNG, GIF,
//     BMP or TIFF, at most 5 MB; answers 404 for an unknown userKey
//     ("Resource Not Found: userKey") and for a user without a photo; it
//     does not replace a photo the user set themselves until that photo is
//     deleted; with Options.Thumbnail it stores the 96×96 JPEG Google
//     documents instead of the bytes sent.
//
// Faults for tests and demos: a throttle of N requests per second (429
// with Retry-After, or Google's documented 403 userRateLimitExceeded), a
// storm (the next K requests throttled), 5xx, expiring every token now,
// taking the admin's permission away, and added latency. The state (photo
// bytes per user, request counts per kind) is readable while it runs.
//
// Server is an http.Handler; Start serves it on an address (":0" picks a
// free port) for tests and for a running binary.
package googlefake
