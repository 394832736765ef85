// Package graphfake is a local stand-in for the part of Microsoft Graph
// (and the Microsoft identity platform's token endpoint) that publishing
// profile photos to Microsoft Entra ID / Exchange Online uses. Tests of any
// package and a running binary (the demo organization) can publish to it
// over real HTTP on loopback.
//
//	srv := graphfake.New(graphfake.Options{}, graphfake.People(50, "contoso.com", 3)...)
//	root, err := srv.Start("127.0.0.1:0")
//	defer srv.Close()
//	// SHOTDESK_MS_LOGIN_URL=root, SHOTDESK_GRAPH_URL=srv.GraphURL(),
//	// tenant srv.Tenant(), client DefaultClientID / DefaultClientSecret.
//
// Or mount the Server (an http.Handler) on a server of your own; then
// set Options.BaseURL so @odata.nextLink points back at it.
//
// # What is served
//
//   - POST /{tenant}/oauth2/v2.0/token — the client credentials grant
//     (client_id and client_secret in the form or as HTTP Basic, scope
//     https://graph.microsoft.com/.default). Errors are the identity
//     platform's {"error", "error_description": "AADSTS…"} answers: unknown
//     tenant (400 invalid_request, AADSTS90002), unknown client (400
//     unauthorized_client, AADSTS700016), wrong secret (401 invalid_client,
//     AADSTS7000215), wrong scope (400 invalid_scope, AADSTS1002012).
//     Tokens live Options.TokenLifetime.
//   - GET /v1.0/users?$select=…&$top=N — every account, N per page (1–999,
//     default 100, as Graph), with an absolute @odata.nextLink carrying a
//     $skiptoken. Needs User.Read.All (or User.ReadWrite.All,
//     Directory.Read.All).
//   - GET /v1.0/users/{id | userPrincipalName}/photo/$value — the photo's
//     bytes with its Content-Type; 404 ImageNotFound when there is none.
//     Needs ProfilePhoto.Read.All or ProfilePhoto.ReadWrite.All (or
//     User.Read.All, User.ReadWrite.All).
//   - PUT or PATCH …/photo/$value — replaces it: image/jpeg or image/png
//     only (415 otherwise), at most 4 MiB (413), a readable image of the
//     type it claims (400). Needs ProfilePhoto.ReadWrite.All or
//     User.ReadWrite.All.
//   - DELETE …/photo/$value (or …/photo) — removes it; 404 ImageNotFound
//     when there was none. Same permissions as PUT.
//
// Errors are Graph's {"error": {"code", "message"}}: 401
// InvalidAuthenticationToken for a missing, unknown or expired token, 403
// Authorization_RequestDenied / ErrorAccessDenied for a missing permission,
// 404 Request_ResourceNotFound for an unknown user, 429 TooManyRequests
// with Retry-After (whole seconds, as Graph sends) when the throttle of
// Options.RatePerSecond is exceeded. Codes Graph does not document for a
// case (the 400/415 answers to a bad photo, the B2C refusal) are plausible
// stand-ins, not copies.
//
// # Faults and state
//
// Storm, FailNext, RejectTokens, ExpireTokens, SetPermissions, SetRate and
// SetLatency inject the failure modes at any time; Photo and Stats expose
// what the tests check. Each distinct photo is kept once (by content), so
// thousands of people given the same picture cost one copy.
package graphfake
