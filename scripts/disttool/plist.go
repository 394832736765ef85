package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"text/template"
)

// wailsProject is the part of wails.json that the build/darwin Info.plist
// templates use, with the field names `wails build` gives them. A template
// that uses anything else fails to render here, which is the point: the
// check must not pass a template that the Mac build would render wrongly.
type wailsProject struct {
	Name           string `json:"name"`
	OutputFilename string `json:"outputfilename"`
	Info           struct {
		CompanyName      string `json:"companyName"`
		ProductName      string `json:"productName"`
		ProductVersion   string `json:"productVersion"`
		Copyright        string `json:"copyright"`
		Comments         string `json:"comments"`
		FileAssociations []struct {
			Ext         string `json:"ext"`
			Name        string `json:"name"`
			Description string `json:"description"`
			IconName    string `json:"iconName"`
			Role        string `json:"role"`
		} `json:"fileAssociations"`
		Protocols []struct {
			Scheme      string `json:"scheme"`
			Description string `json:"description"`
			Role        string `json:"role"`
		} `json:"protocols"`
	} `json:"info"`
}

func renderPlist(tmplPath, wailsJSON, numeric, out string) error {
	b, err := os.ReadFile(wailsJSON)
	if err != nil {
		return err
	}
	var p wailsProject
	if err := json.Unmarshal(b, &p); err != nil {
		return fmt.Errorf("%s: %w", wailsJSON, err)
	}
	p.Info.ProductVersion = numeric
	src, err := os.ReadFile(tmplPath)
	if err != nil {
		return err
	}
	t, err := template.New(filepath.Base(tmplPath)).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := t.Execute(f, p); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", tmplPath, err)
	}
	return f.Close()
}
