package fsm

import (
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
)

// DevKey derives key i of a devnet or test from a seed string. Deterministic
// keys let a devnet's genesis, its load generator and tests agree on
// accounts without passing key files around. Never use them for real funds.
func DevKey(seed string, i uint64) PrivateKey {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], i)
	s := sha256.Sum256(append([]byte("baton-dev-key/"+seed+"/"), b[:]...))
	k, err := GenerateKey(rand.NewChaCha8(s))
	if err != nil {
		// ChaCha8 never fails to read.
		panic(err)
	}
	return k
}

// DevGenesis funds n accounts derived from seed with balance each; account
// 0 (the first key) is the fee account.
func DevGenesis(cfg Config, seed string, n int, balance uint64, timestamp int64) Genesis {
	g := Genesis{Config: cfg, Timestamp: timestamp}
	for i := range n {
		k := DevKey(seed, uint64(i))
		var owner L1Address
		binary.BigEndian.PutUint64(owner[12:], uint64(i)+1)
		g.Accounts = append(g.Accounts, GenesisAccount{PubKey: k.Public(), Owner: owner, Balance: balance})
	}
	return g
}

// DevnetSeed is the seed of the genesis a process assumes when it is given
// none: `baton devnet`'s, and a sequencer's, a prover's or `baton l1
// deploy`'s run without --genesis. They must derive the same accounts, so
// the seed lives with the keys rather than with any one of them.
const DevnetSeed = "devnet"

// DevnetGenesis is that genesis on cfg: accounts dev accounts from
// DevnetSeed with 10^9 each, at time 0.
func DevnetGenesis(cfg Config, accounts int) Genesis {
	return DevGenesis(cfg, DevnetSeed, accounts, 1_000_000_000, 0)
}
