package fsm

import (
	"fmt"
	"math"
	"math/bits"
)

// Amounts and fees of transfers and withdrawals are posted packed as a
// decimal float, mantissa·10^exponent, the mantissa in the high bits and a
// 5-bit exponent in the low five:
//
//	amount: 40 bits, 35-bit mantissa (every amount below 2^35 ≈ 34.4·10^9
//	        is exact; above, it needs trailing zeros)
//	fee:    16 bits, 11-bit mantissa (exact below 2048)
//
// Packing is exact or refused (ErrUnpackable): what L1 reads is what the
// fsm executed. Of the several packings of one value the canonical one has
// the smallest exponent; the circuit accepts any (it only checks
// mantissa·10^exponent), but the posted data is the fsm's.
const (
	AmountMantissaBits = 35
	FeeMantissaBits    = 11
	ExponentBits       = 5
	maxExponent        = 1<<ExponentBits - 1
)

// PackAmount packs a transfer's or withdrawal's amount into 40 bits.
func PackAmount(v uint64) (uint64, error) {
	p, err := packDecimal(v, AmountMantissaBits)
	if err != nil {
		return 0, fmt.Errorf("%w: amount %s", ErrUnpackable, err)
	}
	return p, nil
}

// PackFee packs a fee into 16 bits.
func PackFee(v uint64) (uint16, error) {
	p, err := packDecimal(v, FeeMantissaBits)
	if err != nil {
		return 0, fmt.Errorf("%w: fee %s", ErrUnpackable, err)
	}
	return uint16(p), nil
}

// UnpackAmount is PackAmount's inverse; false when the value overflows 64
// bits (no packing the fsm makes does).
func UnpackAmount(p uint64) (uint64, bool) { return unpackDecimal(p & (1<<40 - 1)) }

// UnpackFee is PackFee's inverse.
func UnpackFee(p uint16) (uint64, bool) { return unpackDecimal(uint64(p)) }

func packDecimal(v uint64, mbits uint) (uint64, error) {
	m, e := v, uint64(0)
	for m>>mbits != 0 {
		if m%10 != 0 {
			lo, hi := nearestPackable(v, mbits)
			return 0, fmt.Errorf("%d is not m·10^e with m < 2^%d (nearest that pack: %d and %d)", v, mbits, lo, hi)
		}
		m /= 10
		e++
	}
	return m<<ExponentBits | e, nil
}

// nearestPackable returns the packable values just below and just above v
// (hi is 0 when none fits in 64 bits).
func nearestPackable(v uint64, mbits uint) (lo, hi uint64) {
	scale := uint64(1)
	for v/scale>>mbits != 0 {
		scale *= 10
	}
	lo = v / scale * scale
	// The next multiple of scale, or of 10·scale if its mantissa no longer
	// fits (2^mbits is never a multiple of 10).
	for _, s := range []uint64{scale, scale * 10} {
		q := v/s + 1
		if q>>mbits != 0 {
			continue
		}
		h, c := bits.Mul64(q, s)
		if h == 0 {
			hi = c
		}
		break
	}
	return lo, hi
}

func unpackDecimal(p uint64) (uint64, bool) {
	m, e := p>>ExponentBits, p&maxExponent
	for ; e > 0; e-- {
		if m > math.MaxUint64/10 {
			return 0, false
		}
		m *= 10
	}
	return m, true
}

// checkPacked refuses a transfer or withdrawal whose amount or fee does
// not pack.
func (tx *Tx) checkPacked() error {
	if _, err := PackAmount(tx.Amount); err != nil {
		return err
	}
	_, err := PackFee(tx.Fee)
	return err
}
