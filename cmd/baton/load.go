package main

import "github.com/baton-rollup/baton/loadgen"

// loadConfig is load against d's replicas from the genesis accounts,
// leaving the last reservedAccounts free for people sending by hand.
func (d *devnet) loadConfig(rate float64, workers int) loadgen.Config {
	return loadgen.Config{APIs: d.rs.apis(), Seed: devSeed, Accounts: len(d.genesis.Accounts) - reservedAccounts,
		ChainID: d.genesis.ChainID, Rate: rate, Workers: workers, TLS: d.rs.tls}
}
