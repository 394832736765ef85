package googlefake

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
)

// ScopeUser is the Directory API scope for reading and changing users.
const ScopeUser = "https://www.googleapis.com/auth/admin.directory.user"

// ScopeUserReadonly only reads users.
const ScopeUserReadonly = "https://www.googleapis.com/auth/admin.directory.user.readonly"

// ServiceAccount is a Google Cloud service account with one key, and the
// domain-wide delegation the Workspace admin gave its client ID.
type ServiceAccount struct {
	Email    string // client_email
	ClientID string // the numeric client ID the delegation names
	KeyID    string // private_key_id
	Key      *rsa.PrivateKey
	// Scopes are the OAuth scopes the Admin console authorises for
	// ClientID (Security → API controls → Domain-wide delegation); empty =
	// not delegated at all.
	Scopes []string
}

// NewServiceAccount makes a service account with a fresh 2048-bit RSA key,
// delegated ScopeUser, as a test or a demo would create in the Google
// Cloud console.
func NewServiceAccount(email string) (*ServiceAccount, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("generate a service account key: %w", err)
	}
	id, err := rand.Int(rand.Reader, new(big.Int).Exp(big.NewInt(10), big.NewInt(20), nil))
	if err != nil {
		return nil, err
	}
	kid := make([]byte, 20)
	if _, err := rand.Read(kid); err != nil {
		return nil, err
	}
	return &ServiceAccount{Email: email, ClientID: "1" + id.String(), KeyID: hex.EncodeToString(kid),
		Key: key, Scopes: []string{ScopeUser}}, nil
}

// JSON is the key file the Google Cloud console downloads for this
// account, with token_uri set to tokenURL.
func (sa *ServiceAccount) JSON(tokenURL string) []byte {
	der, err := x509.MarshalPKCS8PrivateKey(sa.Key)
	if err != nil {
		panic(err) // an RSA key always marshals
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	project := "shotdesk-fake"
	data, _ := json.MarshalIndent(map[string]string{
		"type":                        "service_account",
		"project_id":                  project,
		"private_key_id":              sa.KeyID,
		"private_key":                 string(pemKey),
		"client_email":                sa.Email,
		"client_id":                   sa.ClientID,
		"auth_uri":                    "https://accounts.google.com/o/oauth2/auth",
		"token_uri":                   tokenURL,
		"auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
		"universe_domain":             "googleapis.com",
	}, "", "  ")
	return data
}
