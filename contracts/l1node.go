package contracts

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
)

// L1Config configures the embedded L1: go-ethereum's simulated chain
// serving real JSON-RPC on loopback, so the sequencer talks to it exactly
// as to a remote node.
type L1Config struct {
	// Addr is the JSON-RPC listen address; port 0 picks a free one.
	Addr string
	// BlockTime is how often a block is mined.
	BlockTime time.Duration
	// Funded accounts start with 2^100 wei each.
	Funded []common.Address
}

// L1Node is a running embedded L1.
type L1Node struct {
	sim  *simulated.Backend
	url  string
	stop context.CancelFunc
	wg   sync.WaitGroup
	// mu orders the ticker's blocks and Reorg.
	mu sync.Mutex
}

// StartL1 starts the chain and its block ticker.
func StartL1(cfg L1Config) (*L1Node, error) {
	if cfg.BlockTime <= 0 {
		return nil, errors.New("l1: block time must be positive")
	}
	host, port, err := listenAddr(cfg.Addr)
	if err != nil {
		return nil, err
	}
	alloc := types.GenesisAlloc{}
	for _, a := range cfg.Funded {
		alloc[a] = types.Account{Balance: new(big.Int).Lsh(big.NewInt(1), 100)}
	}
	sim := simulated.NewBackend(alloc, func(nc *node.Config, ec *ethconfig.Config) {
		nc.HTTPHost, nc.HTTPPort = host, port
		nc.HTTPModules = []string{"eth", "net", "web3"}
		nc.HTTPVirtualHosts = []string{"*"}
		// Mainnet's current gas rules: the dev chain would also run a
		// future fork that reprices state creation.
		c := *ec.Genesis.Config
		c.BogotaTime = nil
		ec.Genesis.Config = &c
	})
	ctx, cancel := context.WithCancel(context.Background())
	n := &L1Node{sim: sim, url: "http://" + net.JoinHostPort(host, strconv.Itoa(port)), stop: cancel}
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		t := time.NewTicker(cfg.BlockTime)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				n.mu.Lock()
				sim.Commit()
				n.mu.Unlock()
			}
		}
	}()
	return n, nil
}

// Reorg replaces the last depth blocks with depth+1 empty ones (a fault
// for tests and chaos runs). The transactions of the dropped blocks and
// those pending are gone from the chain; whether they come back is up to
// their senders, as after a real reorg whose pool lost them.
func (n *L1Node) Reorg(depth int) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	ctx := context.Background()
	head, err := n.sim.Client().HeaderByNumber(ctx, nil)
	if err != nil {
		return err
	}
	if head.Number.Int64() <= int64(depth) {
		return fmt.Errorf("l1 reorg: chain of %d blocks is too short for depth %d", head.Number, depth)
	}
	parent, err := n.sim.Client().HeaderByNumber(ctx, big.NewInt(head.Number.Int64()-int64(depth)))
	if err != nil {
		return err
	}
	n.sim.Rollback()
	if err := n.sim.Fork(parent.Hash()); err != nil {
		return fmt.Errorf("l1 reorg: %w", err)
	}
	for range depth + 1 {
		// The pool takes the dropped blocks' transactions back in the
		// background; clearing it before each block keeps them out.
		n.sim.Rollback()
		n.sim.Commit()
	}
	return nil
}

// URL is the JSON-RPC endpoint.
func (n *L1Node) URL() string { return n.url }

// Close stops the ticker and the chain.
func (n *L1Node) Close() error {
	n.stop()
	n.wg.Wait()
	return n.sim.Close()
}

// listenAddr resolves addr to a host and a concrete port: the node's HTTP
// server takes a port number, and callers need to know it.
func listenAddr(addr string) (string, int, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, fmt.Errorf("l1 listen address %q: %w", addr, err)
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		return "", 0, fmt.Errorf("l1 listen port %q: %w", p, err)
	}
	if port == 0 {
		ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
		if err != nil {
			return "", 0, err
		}
		port = ln.Addr().(*net.TCPAddr).Port
		ln.Close()
	}
	return host, port, nil
}
