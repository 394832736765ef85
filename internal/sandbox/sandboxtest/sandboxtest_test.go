package sandboxtest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/shotdesk/shotdesk/internal/sandbox"
)

func TestNewTestServesTheAPI(t *testing.T) {
	base, srv := NewTest(t, sandbox.Options{Members: 30, APIKey: "sk_unit"})
	if !strings.HasSuffix(base, "/api/v2") || srv.APIKey() != "sk_unit" {
		t.Fatalf("base %q key %q", base, srv.APIKey())
	}
	req, _ := http.NewRequest("GET", base+"/organization/team?limit=1", nil)
	req.Header.Set("Authorization", "Bearer sk_unit")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Success    bool                `json:"success"`
		Members    []map[string]any    `json:"members"`
		Pagination struct{ Total int } `json:"pagination"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || !body.Success || len(body.Members) != 1 || body.Pagination.Total < 20 {
		t.Fatalf("status %d, err %v, body %+v", resp.StatusCode, err, body)
	}
}
