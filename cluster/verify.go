package cluster

import (
	"runtime"
	"sync"

	"github.com/baton-rollup/baton/fsm"
)

// verifyAhead checks, on up to GOMAXPROCS goroutines, the signatures of the
// transfers and withdrawals in txs that have no evidence yet, records the
// evidence in the signature cache and returns it (zero where a check failed
// or the sender is unknown). It decides nothing: Build and Apply still run
// every check themselves and merely find this work done. Its point is that
// the fsm runs on one goroutine, and on a machine with more cores than
// replicas the signatures of a large batch are checked in a fraction of the
// time.
func (r *replica) verifyAhead(txs []fsm.Tx, have []fsm.SigVerified) []fsm.SigVerified {
	out := make([]fsm.SigVerified, len(txs))
	copy(out, have)
	var todo []int
	senders := make([]fsm.Account, len(txs))
	var chain uint64
	r.read(func(m *fsm.Machine) {
		chain = m.Config().ChainID
		for i := range txs {
			if txs[i].Kind.IsPriority() || (i < len(have) && have[i] != fsm.SigVerified{}) {
				continue
			}
			if _, ok := r.sigs.entries.get(txs[i].Hash()); ok {
				continue
			}
			if a, ok := m.Account(txs[i].From); ok {
				senders[i] = a
				todo = append(todo, i)
			}
		}
	})
	workers := min(runtime.GOMAXPROCS(0), len(todo))
	if workers < 2 {
		// One core: checking here rather than in the fsm saves nothing.
		return out
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if ev, err := senders[i].Verify(&txs[i], chain); err == nil {
					out[i] = ev
					r.sigs.add(txs[i].Hash(), ev)
				}
			}
		}()
	}
	for _, i := range todo {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}
