package cluster

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/baton-rollup/baton/queue"
)

// TestWireDeadJob: a dead letter reads the same on the wire as queue's
// own type would (the field names are checked by the compiler, the tags
// here).
func TestWireDeadJob(t *testing.T) {
	d := queue.DeadJob{
		Job: &queue.Job{V: 1, Batch: 2, RaftTerm: 3, RaftIndex: 4, Attempt: 5, Circuit: "b2d10", CircuitID: "abc",
			Input: json.RawMessage(`{"x":1}`), InputObject: "obj", PublishedMs: 6},
		Reason: "exhausted", Deliveries: 7, At: time.Unix(8, 0).UTC(),
	}
	want, _ := json.Marshal(d)
	got, _ := json.Marshal(wireDeadJob(d))
	if string(got) != string(want) {
		t.Fatalf("wire dead job\n got %s\nwant %s", got, want)
	}
	if got, _ := json.Marshal(wireDeadJob(queue.DeadJob{})); string(got) != `{"job":null,"reason":"","deliveries":0,"at":"0001-01-01T00:00:00Z"}` {
		t.Fatalf("empty dead job: %s", got)
	}
}
