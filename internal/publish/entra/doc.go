// Package entra publishes profile photos to Microsoft Entra ID and
// Exchange Online through Microsoft Graph: a publish.Target for one
// tenant, signed in as an app registration (app-only, client credentials
// with a client secret).
//
// What it calls (https://learn.microsoft.com/graph/api/resources/profilephoto):
//
//   - GET  /users?$select=id,mail,userPrincipalName,displayName&$top=999,
//     following @odata.nextLink to the last page (User.Read.All);
//   - GET  /users/{id}/photo/$value — the current photo, 404 when none
//     (ProfilePhoto.ReadWrite.All covers reading);
//   - PUT  /users/{id}/photo/$value — the new photo, image/jpeg, under
//     4 MB (ProfilePhoto.ReadWrite.All);
//   - DELETE /users/{id}/photo/$value — removes it when a revert finds
//     the person had none (ProfilePhoto.ReadWrite.All).
//
// The token comes from https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token
// with scope https://graph.microsoft.com/.default. Graph's answers are
// turned into words: a missing permission or a refused sign-in stops the
// run and names what to grant and where; one person's refusal fails that
// person only; throttling (429 with Retry-After) is honoured by the shared
// client in publish. Azure AD B2C tenants cannot have user photos managed
// through Graph, and the words say so.
//
// Config and ConfigFromEnv hold the credentials; docs/publish-entra.md
// says how to create them with the least permissions.
package entra
