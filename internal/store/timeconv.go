package store

import "time"

// Times are stored as Unix milliseconds with 0 for the zero time, so that
// "not set" sorts first and compares without NULL handling.

func toMS(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
