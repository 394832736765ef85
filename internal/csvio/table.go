package csvio

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
)

// WriteTable writes a small CSV in the status CSV's dialect (UTF-8 BOM for
// Excel, CRLF, text cells that a spreadsheet could read as a formula
// neutralised): the publish match report, say.
func WriteTable(w io.Writer, header []string, rows [][]string) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(bom); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("write csv header: %w", err)
	}
	rec := make([]string, len(header))
	for i, row := range rows {
		for j := range rec {
			rec[j] = ""
			if j < len(row) {
				rec[j] = textCell(row[j])
			}
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write csv: row %d: %w", i+1, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return bw.Flush()
}
