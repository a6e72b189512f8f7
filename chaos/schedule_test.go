package chaos

import (
	"encoding/json"
	"testing"
	"time"
)

// TestScheduleIsSeeded: a seed gives one schedule, byte for byte, and
// another seed another; 100 faults cover every kind, with holds and gaps
// in their ranges and some steps of two faults at once.
func TestScheduleIsSeeded(t *testing.T) {
	a, err := NewSchedule(42, 100, AllKinds)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewSchedule(42, 100, AllKinds)
	c, _ := NewSchedule(43, 100, AllKinds)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	jc, _ := json.Marshal(c)
	if string(ja) != string(jb) {
		t.Fatal("the same seed made two schedules")
	}
	if string(ja) == string(jc) {
		t.Fatal("two seeds made the same schedule")
	}
	counts, total, doubles := a.Counts(), 0, 0
	for _, k := range AllKinds {
		if counts[k] == 0 {
			t.Errorf("kind %s never scheduled", k)
		}
	}
	var last time.Duration
	for _, st := range a {
		if gap := st.At - last; gap < 2*time.Second || gap >= 6*time.Second {
			t.Errorf("step at %v: %v after the one before", st.At, gap)
		}
		last = st.At
		if len(st.Faults) == 2 {
			doubles++
		}
		for _, f := range st.Faults {
			total++
			if f.Hold < 100*time.Millisecond || f.Hold >= 5*time.Second {
				t.Errorf("%s held %v", f.Kind, f.Hold)
			}
		}
	}
	if total != 100 || doubles == 0 {
		t.Fatalf("%d faults, %d double steps; want 100 and some", total, doubles)
	}
	if _, err := NewSchedule(1, 0, AllKinds); err == nil {
		t.Fatal("a schedule of no faults accepted")
	}
}
