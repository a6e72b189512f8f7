// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package bindings

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// RollupMetaData contains all meta data concerning the Rollup contract.
var RollupMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractGroth16Verifier[]\",\"name\":\"verifiers_\",\"type\":\"address[]\"},{\"internalType\":\"uint256[]\",\"name\":\"sizes_\",\"type\":\"uint256[]\"},{\"internalType\":\"address\",\"name\":\"sequencer_\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"genesisRoot\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"proveDeadline_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"treeDepth_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"inclusionDeadline_\",\"type\":\"uint256\"},{\"internalType\":\"address[]\",\"name\":\"provers\",\"type\":\"address[]\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"BadAccount\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadAmount\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadKey\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadPayouts\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadProof\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"length\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"expected\",\"type\":\"uint256\"}],\"name\":\"BadPublicData\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"slot\",\"type\":\"uint256\"}],\"name\":\"BadRecord\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadSizes\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotProver\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotSequencer\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NothingToClaim\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"PayoutFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"slot\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"PriorityMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"PriorityOverdue\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"RootOutOfField\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"slots\",\"type\":\"uint256\"}],\"name\":\"UnknownSize\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"expected\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"got\",\"type\":\"uint256\"}],\"name\":\"WrongBatch\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"postRoot\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"commitment\",\"type\":\"uint256\"}],\"name\":\"BatchCommitted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"postRoot\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"prover\",\"type\":\"address\"}],\"name\":\"BatchFinalized\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Claimable\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Claimed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"pubkey\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"amount\",\"type\":\"uint64\"}],\"name\":\"Deposit\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"ForcedExitRequested\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"PAYOUT_SIZE\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"RECORD_SIZE\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"UNIT\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"WIDE_SIZE\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"name\":\"batches\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"commitment\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"postRoot\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"payouts\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"committedAt\",\"type\":\"uint64\"},{\"internalType\":\"uint32\",\"name\":\"slots\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"circuitSizes\",\"outputs\":[{\"internalType\":\"uint256[]\",\"name\":\"\",\"type\":\"uint256[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"claim\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"claimable\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"postRoot\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"slots\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"pubdata\",\"type\":\"bytes\"}],\"name\":\"commitBatch\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"pubkey\",\"type\":\"bytes32\"}],\"name\":\"deposit\",\"outputs\":[],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"finalizedRoot\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"}],\"name\":\"forceExit\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"inclusionDeadline\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"isProver\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastCommitted\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastFinalized\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"nextPriority\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"internalType\":\"uint256[8]\",\"name\":\"proof\",\"type\":\"uint256[8]\"},{\"internalType\":\"bytes\",\"name\":\"payouts\",\"type\":\"bytes\"}],\"name\":\"proveBatch\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"proveDeadline\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"slots\",\"type\":\"uint256\"}],\"name\":\"pubdataLength\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"name\":\"queue\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"hash\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"queuedAt\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"queueLength\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"sequencer\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"treeDepth\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"pubkey\",\"type\":\"bytes32\"}],\"name\":\"validKey\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"name\":\"verifierFor\",\"outputs\":[{\"internalType\":\"contractGroth16Verifier\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"slots\",\"type\":\"uint256\"}],\"name\":\"wideEntries\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"pure\",\"type\":\"function\"}]",
	ID:  "Rollup",
	Bin: "0x610100604052348015610010575f5ffd5b506040516121c03803806121c083398101604081905261002f91610406565b7f30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001851061006e57604051629c425360e81b815260040160405180910390fd5b8651158061007e57508751875114155b1561009c57604051634a160f7160e01b815260040160405180910390fd5b5f5b8751811015610213578781815181106100b9576100b96104cc565b60200260200101515f14806100ec575063ffffffff80168882815181106100e2576100e26104cc565b6020026020010151115b8061013d57505f8111801561013d5750876101086001836104e0565b81518110610118576101186104cc565b6020026020010151888281518110610132576101326104cc565b602002602001015111155b1561015b57604051634a160f7160e01b815260040160405180910390fd5b5f6001600160a01b0316898281518110610177576101776104cc565b60200260200101516001600160a01b0316036101a657604051634a160f7160e01b815260040160405180910390fd5b8881815181106101b8576101b86104cc565b60200260200101515f5f8a84815181106101d4576101d46104cc565b60209081029190910181015182528101919091526040015f2080546001600160a01b0319166001600160a01b039290921691909117905560010161009e565b5060016102208882610505565b506001600160a01b038616608052600985905560a084905260c083905260e08290525f5b815181101561029d57600160055f848481518110610264576102646104cc565b6020908102919091018101516001600160a01b031682528101919091526040015f20805460ff1916911515919091179055600101610244565b5050505050505050506105a5565b634e487b7160e01b5f52604160045260245ffd5b604051601f8201601f191681016001600160401b03811182821017156102e7576102e76102ab565b604052919050565b5f6001600160401b03821115610307576103076102ab565b5060051b60200190565b6001600160a01b0381168114610325575f5ffd5b50565b5f82601f830112610337575f5ffd5b815161034a610345826102ef565b6102bf565b8082825260208201915060208360051b86010192508583111561036b575f5ffd5b602085015b8381101561039157805161038381610311565b835260209283019201610370565b5095945050505050565b5f82601f8301126103aa575f5ffd5b81516103b8610345826102ef565b8082825260208201915060208360051b8601019250858311156103d9575f5ffd5b602085015b838110156103915780518352602092830192016103de565b805161040181610311565b919050565b5f5f5f5f5f5f5f5f610100898b03121561041e575f5ffd5b88516001600160401b03811115610433575f5ffd5b61043f8b828c01610328565b60208b015190995090506001600160401b0381111561045c575f5ffd5b6104688b828c0161039b565b97505061047760408a016103f6565b60608a015160808b015160a08c015160c08d015160e08e0151949a50929850909650945092506001600160401b038111156104b0575f5ffd5b6104bc8b828c01610328565b9150509295985092959890939650565b634e487b7160e01b5f52603260045260245ffd5b818103818111156104ff57634e487b7160e01b5f52601160045260245ffd5b92915050565b81516001600160401b0381111561051e5761051e6102ab565b68010000000000000000811115610537576105376102ab565b81548183558082101561056b57825f528160205f20018282035f5b81811015610567575f83820155600101610552565b5050505b506020830161057f835f9081526020902090565b5f5b8381101561059d57825182820155602090920191600101610581565b505050505050565b60805160a05160c05160e051611bcc6105f45f395f81816103fb01526113bd01525f81816102410152610cad01525f818161020e015261098801525f818161037f01526105b90152611bcc5ff3fe608060405260043610610194575f3560e01c80637908834e116100e7578063b32c4d8d11610087578063c2e70c1011610062578063c2e70c1014610528578063d1517dd514610547578063ddf0b00914610566578063dffb89421461059a575f5ffd5b8063b32c4d8d1461045b578063b4f0bfeb146104ea578063bce761ca14610509575f5ffd5b80638ecbae54116100c25780638ecbae54146103ea5780639d8e21771461041d578063ab91c7b014610434578063b214faa514610448575f5ffd5b80637908834e146103a157806383894a60146103c057806388048b53146103d5575f5ffd5b8063311d438c116101525780634e71d92d1161012d5780634e71d92d146103315780634e74addc146103455780635726c2bb146103595780635c1bba381461036e575f5ffd5b8063311d438c146102a5578063402914f5146102f157806340d510071461031c575f5ffd5b8062b24ff2146101985780630a245924146101bf57806314a9e301146101fd57806316a56c41146102305780632dda4550146102635780632ec7859a14610284575b5f5ffd5b3480156101a3575f5ffd5b506101ac601081565b6040519081526020015b60405180910390f35b3480156101ca575f5ffd5b506101ed6101d936600461179a565b60056020525f908152604090205460ff1681565b60405190151581526020016101b6565b348015610208575f5ffd5b506101ac7f000000000000000000000000000000000000000000000000000000000000000081565b34801561023b575f5ffd5b506101ac7f000000000000000000000000000000000000000000000000000000000000000081565b34801561026e575f5ffd5b5061028261027d366004611804565b6105ae565b005b34801561028f575f5ffd5b506102986107cd565b6040516101b6919061185f565b3480156102b0575f5ffd5b506102d96102bf3660046118a1565b5f602081905290815260409020546001600160a01b031681565b6040516001600160a01b0390911681526020016101b6565b3480156102fc575f5ffd5b506101ac61030b36600461179a565b60036020525f908152604090205481565b348015610327575f5ffd5b506101ac60045481565b34801561033c575f5ffd5b50610282610823565b348015610350575f5ffd5b506101ac604081565b348015610364575f5ffd5b506101ac60085481565b348015610379575f5ffd5b506102d97f000000000000000000000000000000000000000000000000000000000000000081565b3480156103ac575f5ffd5b506102826103bb3660046118b8565b610902565b3480156103cb575f5ffd5b506101ac60095481565b3480156103e0575f5ffd5b506101ac60075481565b3480156103f5575f5ffd5b506101ac7f000000000000000000000000000000000000000000000000000000000000000081565b348015610428575f5ffd5b506101ac633b9aca0081565b34801561043f575f5ffd5b506002546101ac565b6102826104563660046118a1565b610afc565b348015610466575f5ffd5b506104b36104753660046118a1565b60066020525f90815260409020805460018201546002830154600390930154919290916001600160401b03811690600160401b900463ffffffff1685565b604080519586526020860194909452928401919091526001600160401b0316606083015263ffffffff16608082015260a0016101b6565b3480156104f5575f5ffd5b50610282610504366004611913565b610ca4565b348015610514575f5ffd5b506101ac6105233660046118a1565b610dee565b348015610533575f5ffd5b506101ac6105423660046118a1565b610e1f565b348015610552575f5ffd5b506101ed6105613660046118a1565b610e59565b348015610571575f5ffd5b506105856105803660046118a1565b611014565b604080519283526020830191909152016101b6565b3480156105a5575f5ffd5b506101ac601c81565b336001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016146105f7576040516314f8a09f60e21b815260040160405180910390fd5b60075461060590600161194a565b85146106425760075461061990600161194a565b60405163d0a8f98760e01b81526004810191909152602481018690526044015b60405180910390fd5b5f838152602081905260409020546001600160a01b03166106795760405163d524818760e01b815260048101849052602401610639565b5f610685838386611040565b90505f516020611b775f395f51905f5285106106b357604051629c425360e81b815260040160405180910390fd5b5f6106bf848487611160565b90506040518060a00160405280838152602001878152602001828152602001436001600160401b031681526020018663ffffffff1681525060065f8981526020019081526020015f205f820151815f015560208201518160010155604082015181600201556060820151816003015f6101000a8154816001600160401b0302191690836001600160401b0316021790555060808201518160030160086101000a81548163ffffffff021916908363ffffffff16021790555090505086600781905550867ff19419f527bf4d06d963d5b2a362d3c1328d6237893ad7943c087e69209207da87846040516107bc929190918252602082015260400190565b60405180910390a250505050505050565b6060600180548060200260200160405190810160405280929190818152602001828054801561081957602002820191905f5260205f20905b815481526020019060010190808311610805575b5050505050905090565b335f9081526003602052604081205490819003610853576040516312d37ee560e31b815260040160405180910390fd5b335f818152600360205260408082208290555190919083908381818185875af1925050503d805f81146108a1576040519150601f19603f3d011682016040523d82523d5f602084013e6108a6565b606091505b50509050806108c857604051630ec6ac4160e21b815260040160405180910390fd5b60405182815233907fd8138f8a3f377c5259ca548e70e4c2de94f129f5a11036a15b69513cba2b426a906020015b60405180910390a25050565b60085461091090600161194a565b8414158061091f575060075484115b156109565760085461093290600161194a565b60405163d0a8f98760e01b8152600481019190915260248101859052604401610639565b5f84815260066020908152604080832033845260059092529091205460ff161580156109ba575060038101546109b6907f0000000000000000000000000000000000000000000000000000000000000000906001600160401b031661194a565b4311155b156109d8576040516305ed4a7b60e31b815260040160405180910390fd5b60018101546003820154600160401b900463ffffffff165f9081526020818152604091829020548251606081018452600954815291820184905284548284015291516365c0325960e01b81526001600160a01b03909216916365c0325991610a459189919060040161195d565b602060405180830381865afa158015610a60573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610a849190611999565b610aa157604051637ca55c7760e01b815260040160405180910390fd5b610ab084848460020154611436565b600886905560098190556040805182815233602082015287917f602b9b43ee443d1a65e3956579ed53b914caae7f368e56aec2b58234fe8e84ed910160405180910390a2505050505050565b341580610b155750610b12633b9aca00346119cc565b15155b80610b3357506001600160401b03610b31633b9aca00346119df565b115b15610b515760405163749b593960e01b815260040160405180910390fd5b610b5a81610e59565b610b775760405163ee9f2d5360e01b815260040160405180910390fd5b5f610b86633b9aca00346119df565b6040516001600160c01b031960c083901b166020820152602881018490526001600160601b03193360601b1660488201529091505f90605c0160408051808303601f1901815282825280516020918201208383019092528183524390830190815260028054600180820183555f83905294517f405787fa12a823e0f2b7631cc41b3ba8828b3321ca811111fa75cd3aa3bb5ace9183029182015591517f405787fa12a823e0f2b7631cc41b3ba8828b3321ca811111fa75cd3aa3bb5acf9092019190915554909250610c5891906119f2565b604080518581523360208201526001600160401b0385168183015290517f9ad2322565c512172e0648793eef5b39865defcf13c4fe8036b9f70b5a60bbbf9181900360600190a2505050565b63ffffffff81167f00000000000000000000000000000000000000000000000000000000000000001c15610ceb57604051631c2b077760e01b815260040160405180910390fd5b6040516001600160e01b031960e083901b1660208201526001600160601b03193360601b1660248201525f9060380160408051808303601f1901815282825280516020918201208383019092528183524390830190815260028054600180820183555f83905294517f405787fa12a823e0f2b7631cc41b3ba8828b3321ca811111fa75cd3aa3bb5ace9183029182015591517f405787fa12a823e0f2b7631cc41b3ba8828b3321ca811111fa75cd3aa3bb5acf9092019190915554909250610db391906119f2565b6040805163ffffffff851681523360208201527f9ef243cc462ec4c58f36caaea9a1b57f91630686a160f774fbcc99090ed8953491016108f6565b5f6040610dfa83610e1f565b610e049190611a05565b610e0f601084611a05565b610e19919061194a565b92915050565b5f80610e2c6010846119df565b90505f60048410610e3e576004610e40565b835b9050808211610e4f5780610e51565b815b949350505050565b5f8181805b6020811015610e9d57610e72816008611a05565b610e7d82601f6119f2565b610e88906008611a05565b84901c60ff16901b9190911790600101610e5e565b506001600160ff1b0381169060ff1c5f516020611b775f395f51905f528210610eca57505f949350505050565b5f5f516020611b775f395f51905f5283840990505f5f516020611b775f395f51905f52610f0560015f516020611b775f395f51905f526119f2565b830890505f5f516020611b775f395f51905f5260015f516020611b775f395f51905f52857f1aee90f15f2189693df072d799fd11fc039b2959ebb7c867d075ca8cf4d7eb8e09089050805f03610f6257505f979650505050505050565b5f80610f8583610f8060025f516020611b775f395f51905f526119f2565b611602565b9150915081610f9d57505f9998505050505050505050565b5f5f516020611b775f395f51905f528286099050805f03610fc8575050931598975050505050505050565b5f80610ff2836002610fe860015f516020611b775f395f51905f526119f2565b610f8091906119df565b915091508180156110035750806001145b9d9c50505050505050505050505050565b60028181548110611023575f80fd5b5f9182526020909120600290910201805460019091015490915082565b5f5f61104b83610dee565b90505f611059601085611a05565b90508085108061106857508185115b806110875750604061107a82876119f2565b61108491906119cc565b15155b156110af5760405163291723ab60e21b81526004810186905260248101839052604401610639565b5f826001600160401b038111156110c8576110c8611a1c565b6040519080825280601f01601f1916602001820160405280156110f2576020820181803683370190505b5090508587602083013760028160405161110c9190611a30565b602060405180830381855afa158015611127573d5f5f3e3d5ffd5b5050506040513d601f19601f8201168201806040525081019061114a9190611a46565b6001600160fd1b031693505050505b9392505050565b6004545f9081805b848110156113a957601081028701355f1a6001811161118757506113a1565b6080198116600119607f8316016111e75760808216156111bd57604051630b07477d60e21b815260048101849052602401610639565b6111de866111d98b8b8b896111d181611a5d565b9a5089611664565b6116e1565b955050506113a1565b60ff81166003148015906111ff575060ff8116600414155b1561122057604051630b07477d60e21b815260048101849052602401610639565b600254851061124c576040516363df988160e01b81526004810184905260248101869052604401610639565b365f61125e8b8b8b896111d181611a5d565b90925090505f60ff84166003146112f5578b8b61127c601089611a05565b61128790600161194a565b9061129360108a611a05565b61129e90600561194a565b926112ab93929190611a75565b846028856112ba82601461194a565b926112c793929190611a75565b6040516020016112da9493929190611a9c565b60405160208183030381529060405280519060200120611319565b611302603c5f8486611a75565b604051611310929190611abb565b60405180910390205b90506002888154811061132e5761132e611aca565b905f5260205f2090600202015f01548114611366576040516363df988160e01b81526004810187905260248101899052604401610639565b8761137081611a5d565b98505060ff851660041480611388575060ff85166083145b1561139b576113988984846116e1565b98505b50505050505b600101611168565b5060048290556002548210801561140c57507f0000000000000000000000000000000000000000000000000000000000000000600283815481106113ef576113ef611aca565b905f5260205f20906002020160010154611409919061194a565b43115b1561142d576040516343af8ef160e01b815260048101839052602401610639565b50509392505050565b611441601c836119cc565b1561145f57604051631d310dc960e01b815260040160405180910390fd5b5f805b838110156115db57365f86838761147a601c8361194a565b9261148793929190611a75565b90925090505f61149b601c60148486611a75565b6114a491611ade565b60c01c90505f8190036114ca57604051631d310dc960e01b815260040160405180910390fd5b846114d860145f8587611a75565b6114e191611b16565b8260c01b6040516020016114f793929190611b4c565b60408051601f19818403018152919052805160209091012094505f61151f6014828587611a75565b61152891611b16565b60601c9050611544633b9aca006001600160401b038416611a05565b6001600160a01b0382165f908152600360205260408120805490919061156b90849061194a565b90915550506001600160a01b0381167fdec9ebd1283d91d041dc9b5bb471ba4935fb749425f4246a67f426c40c7ec9f86115b2633b9aca006001600160401b038616611a05565b60405190815260200160405180910390a250505050601c816115d4919061194a565b9050611462565b508181146115fc57604051631d310dc960e01b815260040160405180910390fd5b50505050565b5f5f5f6040518060c001604052806020815260200160208152602001602081526020018681526020018581526020015f516020611b775f395f51905f52815250905061164c61177c565b60208160c08460055afa905190969095509350505050565b365f80611672604086611a05565b61167d601088611a05565b611687919061194a565b90508661169560408361194a565b11156116b757604051630b07477d60e21b815260048101859052602401610639565b8781886116c560408361194a565b926116d293929190611a75565b92509250509550959350505050565b5f808381846116f182600861194a565b926116fe93929190611a75565b61170791611ade565b90506001600160c01b031981165f036117235784915050611159565b848460288561173382601461194a565b9261174093929190611a75565b61174991611b16565b8260405160200161175c93929190611b4c565b604051602081830303815290604052805190602001209150509392505050565b60405180602001604052806001906020820280368337509192915050565b5f602082840312156117aa575f5ffd5b81356001600160a01b0381168114611159575f5ffd5b5f5f83601f8401126117d0575f5ffd5b5081356001600160401b038111156117e6575f5ffd5b6020830191508360208285010111156117fd575f5ffd5b9250929050565b5f5f5f5f5f60808688031215611818575f5ffd5b85359450602086013593506040860135925060608601356001600160401b03811115611842575f5ffd5b61184e888289016117c0565b969995985093965092949392505050565b602080825282518282018190525f918401906040840190835b81811015611896578351835260209384019390920191600101611878565b509095945050505050565b5f602082840312156118b1575f5ffd5b5035919050565b5f5f5f5f61014085870312156118cc575f5ffd5b843593506101208501868111156118e1575f5ffd5b602086019350356001600160401b038111156118fb575f5ffd5b611907878288016117c0565b95989497509550505050565b5f60208284031215611923575f5ffd5b813563ffffffff81168114611159575f5ffd5b634e487b7160e01b5f52601160045260245ffd5b80820180821115610e1957610e19611936565b61016081016101008483376101008201835f5b600381101561198f578151835260209283019290910190600101611970565b5050509392505050565b5f602082840312156119a9575f5ffd5b81518015158114611159575f5ffd5b634e487b7160e01b5f52601260045260245ffd5b5f826119da576119da6119b8565b500690565b5f826119ed576119ed6119b8565b500490565b81810381811115610e1957610e19611936565b8082028115828204841417610e1957610e19611936565b634e487b7160e01b5f52604160045260245ffd5b5f82518060208501845e5f920191825250919050565b5f60208284031215611a56575f5ffd5b5051919050565b5f60018201611a6e57611a6e611936565b5060010190565b5f5f85851115611a83575f5ffd5b83861115611a8f575f5ffd5b5050820193919092039150565b838582375f8482015f8152838582375f93019283525090949350505050565b818382375f9101908152919050565b634e487b7160e01b5f52603260045260245ffd5b80356001600160c01b03198116906008841015611b0f576001600160c01b0319600885900360031b81901b82161691505b5092915050565b80356001600160601b03198116906014841015611b0f576001600160601b031960149490940360031b84901b1690921692915050565b9283526001600160601b03199190911660208301526001600160c01b0319166034820152603c019056fe30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001a2646970667358221220d8e67111c4b926d0463468a134a4c6547365373dc469ee8a364a61752b2a834f64736f6c63430008250033",
}

// Rollup is an auto generated Go binding around an Ethereum contract.
type Rollup struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *Rollup) GetABI() abi.ABI {
	return c.abi
}

// NewRollup creates a new instance of Rollup.
func NewRollup() *Rollup {
	parsed, err := RollupMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &Rollup{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *Rollup) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address[] verifiers_, uint256[] sizes_, address sequencer_, uint256 genesisRoot, uint256 proveDeadline_, uint256 treeDepth_, uint256 inclusionDeadline_, address[] provers) returns()
func (rollup *Rollup) PackConstructor(verifiers_ []common.Address, sizes_ []*big.Int, sequencer_ common.Address, genesisRoot *big.Int, proveDeadline_ *big.Int, treeDepth_ *big.Int, inclusionDeadline_ *big.Int, provers []common.Address) []byte {
	enc, err := rollup.abi.Pack("", verifiers_, sizes_, sequencer_, genesisRoot, proveDeadline_, treeDepth_, inclusionDeadline_, provers)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackPAYOUTSIZE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdffb8942.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function PAYOUT_SIZE() view returns(uint256)
func (rollup *Rollup) PackPAYOUTSIZE() []byte {
	enc, err := rollup.abi.Pack("PAYOUT_SIZE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPAYOUTSIZE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdffb8942.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function PAYOUT_SIZE() view returns(uint256)
func (rollup *Rollup) TryPackPAYOUTSIZE() ([]byte, error) {
	return rollup.abi.Pack("PAYOUT_SIZE")
}

// UnpackPAYOUTSIZE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xdffb8942.
//
// Solidity: function PAYOUT_SIZE() view returns(uint256)
func (rollup *Rollup) UnpackPAYOUTSIZE(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("PAYOUT_SIZE", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackRECORDSIZE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x00b24ff2.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function RECORD_SIZE() view returns(uint256)
func (rollup *Rollup) PackRECORDSIZE() []byte {
	enc, err := rollup.abi.Pack("RECORD_SIZE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRECORDSIZE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x00b24ff2.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function RECORD_SIZE() view returns(uint256)
func (rollup *Rollup) TryPackRECORDSIZE() ([]byte, error) {
	return rollup.abi.Pack("RECORD_SIZE")
}

// UnpackRECORDSIZE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x00b24ff2.
//
// Solidity: function RECORD_SIZE() view returns(uint256)
func (rollup *Rollup) UnpackRECORDSIZE(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("RECORD_SIZE", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackUNIT is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9d8e2177.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function UNIT() view returns(uint256)
func (rollup *Rollup) PackUNIT() []byte {
	enc, err := rollup.abi.Pack("UNIT")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUNIT is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9d8e2177.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function UNIT() view returns(uint256)
func (rollup *Rollup) TryPackUNIT() ([]byte, error) {
	return rollup.abi.Pack("UNIT")
}

// UnpackUNIT is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9d8e2177.
//
// Solidity: function UNIT() view returns(uint256)
func (rollup *Rollup) UnpackUNIT(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("UNIT", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackWIDESIZE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4e74addc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function WIDE_SIZE() view returns(uint256)
func (rollup *Rollup) PackWIDESIZE() []byte {
	enc, err := rollup.abi.Pack("WIDE_SIZE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWIDESIZE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4e74addc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function WIDE_SIZE() view returns(uint256)
func (rollup *Rollup) TryPackWIDESIZE() ([]byte, error) {
	return rollup.abi.Pack("WIDE_SIZE")
}

// UnpackWIDESIZE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4e74addc.
//
// Solidity: function WIDE_SIZE() view returns(uint256)
func (rollup *Rollup) UnpackWIDESIZE(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("WIDE_SIZE", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackBatches is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb32c4d8d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function batches(uint256 ) view returns(uint256 commitment, uint256 postRoot, bytes32 payouts, uint64 committedAt, uint32 slots)
func (rollup *Rollup) PackBatches(arg0 *big.Int) []byte {
	enc, err := rollup.abi.Pack("batches", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBatches is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb32c4d8d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function batches(uint256 ) view returns(uint256 commitment, uint256 postRoot, bytes32 payouts, uint64 committedAt, uint32 slots)
func (rollup *Rollup) TryPackBatches(arg0 *big.Int) ([]byte, error) {
	return rollup.abi.Pack("batches", arg0)
}

// BatchesOutput serves as a container for the return parameters of contract
// method Batches.
type BatchesOutput struct {
	Commitment  *big.Int
	PostRoot    *big.Int
	Payouts     [32]byte
	CommittedAt uint64
	Slots       uint32
}

// UnpackBatches is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb32c4d8d.
//
// Solidity: function batches(uint256 ) view returns(uint256 commitment, uint256 postRoot, bytes32 payouts, uint64 committedAt, uint32 slots)
func (rollup *Rollup) UnpackBatches(data []byte) (BatchesOutput, error) {
	out, err := rollup.abi.Unpack("batches", data)
	outstruct := new(BatchesOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Commitment = abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	outstruct.PostRoot = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	outstruct.Payouts = *abi.ConvertType(out[2], new([32]byte)).(*[32]byte)
	outstruct.CommittedAt = *abi.ConvertType(out[3], new(uint64)).(*uint64)
	outstruct.Slots = *abi.ConvertType(out[4], new(uint32)).(*uint32)
	return *outstruct, nil
}

// PackCircuitSizes is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2ec7859a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function circuitSizes() view returns(uint256[])
func (rollup *Rollup) PackCircuitSizes() []byte {
	enc, err := rollup.abi.Pack("circuitSizes")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCircuitSizes is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2ec7859a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function circuitSizes() view returns(uint256[])
func (rollup *Rollup) TryPackCircuitSizes() ([]byte, error) {
	return rollup.abi.Pack("circuitSizes")
}

// UnpackCircuitSizes is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2ec7859a.
//
// Solidity: function circuitSizes() view returns(uint256[])
func (rollup *Rollup) UnpackCircuitSizes(data []byte) ([]*big.Int, error) {
	out, err := rollup.abi.Unpack("circuitSizes", data)
	if err != nil {
		return *new([]*big.Int), err
	}
	out0 := *abi.ConvertType(out[0], new([]*big.Int)).(*[]*big.Int)
	return out0, nil
}

// PackClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4e71d92d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claim() returns()
func (rollup *Rollup) PackClaim() []byte {
	enc, err := rollup.abi.Pack("claim")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4e71d92d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claim() returns()
func (rollup *Rollup) TryPackClaim() ([]byte, error) {
	return rollup.abi.Pack("claim")
}

// PackClaimable is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x402914f5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claimable(address ) view returns(uint256)
func (rollup *Rollup) PackClaimable(arg0 common.Address) []byte {
	enc, err := rollup.abi.Pack("claimable", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaimable is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x402914f5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claimable(address ) view returns(uint256)
func (rollup *Rollup) TryPackClaimable(arg0 common.Address) ([]byte, error) {
	return rollup.abi.Pack("claimable", arg0)
}

// UnpackClaimable is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x402914f5.
//
// Solidity: function claimable(address ) view returns(uint256)
func (rollup *Rollup) UnpackClaimable(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("claimable", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackCommitBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2dda4550.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function commitBatch(uint256 number, uint256 postRoot, uint256 slots, bytes pubdata) returns()
func (rollup *Rollup) PackCommitBatch(number *big.Int, postRoot *big.Int, slots *big.Int, pubdata []byte) []byte {
	enc, err := rollup.abi.Pack("commitBatch", number, postRoot, slots, pubdata)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCommitBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2dda4550.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function commitBatch(uint256 number, uint256 postRoot, uint256 slots, bytes pubdata) returns()
func (rollup *Rollup) TryPackCommitBatch(number *big.Int, postRoot *big.Int, slots *big.Int, pubdata []byte) ([]byte, error) {
	return rollup.abi.Pack("commitBatch", number, postRoot, slots, pubdata)
}

// PackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb214faa5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deposit(bytes32 pubkey) payable returns()
func (rollup *Rollup) PackDeposit(pubkey [32]byte) []byte {
	enc, err := rollup.abi.Pack("deposit", pubkey)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb214faa5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deposit(bytes32 pubkey) payable returns()
func (rollup *Rollup) TryPackDeposit(pubkey [32]byte) ([]byte, error) {
	return rollup.abi.Pack("deposit", pubkey)
}

// PackFinalizedRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x83894a60.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function finalizedRoot() view returns(uint256)
func (rollup *Rollup) PackFinalizedRoot() []byte {
	enc, err := rollup.abi.Pack("finalizedRoot")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFinalizedRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x83894a60.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function finalizedRoot() view returns(uint256)
func (rollup *Rollup) TryPackFinalizedRoot() ([]byte, error) {
	return rollup.abi.Pack("finalizedRoot")
}

// UnpackFinalizedRoot is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x83894a60.
//
// Solidity: function finalizedRoot() view returns(uint256)
func (rollup *Rollup) UnpackFinalizedRoot(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("finalizedRoot", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackForceExit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb4f0bfeb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function forceExit(uint32 account) returns()
func (rollup *Rollup) PackForceExit(account uint32) []byte {
	enc, err := rollup.abi.Pack("forceExit", account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackForceExit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb4f0bfeb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function forceExit(uint32 account) returns()
func (rollup *Rollup) TryPackForceExit(account uint32) ([]byte, error) {
	return rollup.abi.Pack("forceExit", account)
}

// PackInclusionDeadline is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8ecbae54.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function inclusionDeadline() view returns(uint256)
func (rollup *Rollup) PackInclusionDeadline() []byte {
	enc, err := rollup.abi.Pack("inclusionDeadline")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackInclusionDeadline is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8ecbae54.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function inclusionDeadline() view returns(uint256)
func (rollup *Rollup) TryPackInclusionDeadline() ([]byte, error) {
	return rollup.abi.Pack("inclusionDeadline")
}

// UnpackInclusionDeadline is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8ecbae54.
//
// Solidity: function inclusionDeadline() view returns(uint256)
func (rollup *Rollup) UnpackInclusionDeadline(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("inclusionDeadline", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackIsProver is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0a245924.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isProver(address ) view returns(bool)
func (rollup *Rollup) PackIsProver(arg0 common.Address) []byte {
	enc, err := rollup.abi.Pack("isProver", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsProver is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0a245924.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isProver(address ) view returns(bool)
func (rollup *Rollup) TryPackIsProver(arg0 common.Address) ([]byte, error) {
	return rollup.abi.Pack("isProver", arg0)
}

// UnpackIsProver is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0a245924.
//
// Solidity: function isProver(address ) view returns(bool)
func (rollup *Rollup) UnpackIsProver(data []byte) (bool, error) {
	out, err := rollup.abi.Unpack("isProver", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackLastCommitted is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x88048b53.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastCommitted() view returns(uint256)
func (rollup *Rollup) PackLastCommitted() []byte {
	enc, err := rollup.abi.Pack("lastCommitted")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastCommitted is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x88048b53.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastCommitted() view returns(uint256)
func (rollup *Rollup) TryPackLastCommitted() ([]byte, error) {
	return rollup.abi.Pack("lastCommitted")
}

// UnpackLastCommitted is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x88048b53.
//
// Solidity: function lastCommitted() view returns(uint256)
func (rollup *Rollup) UnpackLastCommitted(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("lastCommitted", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackLastFinalized is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5726c2bb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastFinalized() view returns(uint256)
func (rollup *Rollup) PackLastFinalized() []byte {
	enc, err := rollup.abi.Pack("lastFinalized")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastFinalized is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5726c2bb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastFinalized() view returns(uint256)
func (rollup *Rollup) TryPackLastFinalized() ([]byte, error) {
	return rollup.abi.Pack("lastFinalized")
}

// UnpackLastFinalized is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5726c2bb.
//
// Solidity: function lastFinalized() view returns(uint256)
func (rollup *Rollup) UnpackLastFinalized(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("lastFinalized", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackNextPriority is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x40d51007.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function nextPriority() view returns(uint256)
func (rollup *Rollup) PackNextPriority() []byte {
	enc, err := rollup.abi.Pack("nextPriority")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackNextPriority is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x40d51007.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function nextPriority() view returns(uint256)
func (rollup *Rollup) TryPackNextPriority() ([]byte, error) {
	return rollup.abi.Pack("nextPriority")
}

// UnpackNextPriority is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x40d51007.
//
// Solidity: function nextPriority() view returns(uint256)
func (rollup *Rollup) UnpackNextPriority(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("nextPriority", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackProveBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7908834e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proveBatch(uint256 number, uint256[8] proof, bytes payouts) returns()
func (rollup *Rollup) PackProveBatch(number *big.Int, proof [8]*big.Int, payouts []byte) []byte {
	enc, err := rollup.abi.Pack("proveBatch", number, proof, payouts)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProveBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7908834e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proveBatch(uint256 number, uint256[8] proof, bytes payouts) returns()
func (rollup *Rollup) TryPackProveBatch(number *big.Int, proof [8]*big.Int, payouts []byte) ([]byte, error) {
	return rollup.abi.Pack("proveBatch", number, proof, payouts)
}

// PackProveDeadline is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x14a9e301.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proveDeadline() view returns(uint256)
func (rollup *Rollup) PackProveDeadline() []byte {
	enc, err := rollup.abi.Pack("proveDeadline")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProveDeadline is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x14a9e301.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proveDeadline() view returns(uint256)
func (rollup *Rollup) TryPackProveDeadline() ([]byte, error) {
	return rollup.abi.Pack("proveDeadline")
}

// UnpackProveDeadline is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x14a9e301.
//
// Solidity: function proveDeadline() view returns(uint256)
func (rollup *Rollup) UnpackProveDeadline(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("proveDeadline", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackPubdataLength is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbce761ca.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function pubdataLength(uint256 slots) pure returns(uint256)
func (rollup *Rollup) PackPubdataLength(slots *big.Int) []byte {
	enc, err := rollup.abi.Pack("pubdataLength", slots)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPubdataLength is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbce761ca.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function pubdataLength(uint256 slots) pure returns(uint256)
func (rollup *Rollup) TryPackPubdataLength(slots *big.Int) ([]byte, error) {
	return rollup.abi.Pack("pubdataLength", slots)
}

// UnpackPubdataLength is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xbce761ca.
//
// Solidity: function pubdataLength(uint256 slots) pure returns(uint256)
func (rollup *Rollup) UnpackPubdataLength(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("pubdataLength", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackQueue is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xddf0b009.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function queue(uint256 ) view returns(bytes32 hash, uint256 queuedAt)
func (rollup *Rollup) PackQueue(arg0 *big.Int) []byte {
	enc, err := rollup.abi.Pack("queue", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackQueue is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xddf0b009.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function queue(uint256 ) view returns(bytes32 hash, uint256 queuedAt)
func (rollup *Rollup) TryPackQueue(arg0 *big.Int) ([]byte, error) {
	return rollup.abi.Pack("queue", arg0)
}

// QueueOutput serves as a container for the return parameters of contract
// method Queue.
type QueueOutput struct {
	Hash     [32]byte
	QueuedAt *big.Int
}

// UnpackQueue is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xddf0b009.
//
// Solidity: function queue(uint256 ) view returns(bytes32 hash, uint256 queuedAt)
func (rollup *Rollup) UnpackQueue(data []byte) (QueueOutput, error) {
	out, err := rollup.abi.Unpack("queue", data)
	outstruct := new(QueueOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Hash = *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	outstruct.QueuedAt = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	return *outstruct, nil
}

// PackQueueLength is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xab91c7b0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function queueLength() view returns(uint256)
func (rollup *Rollup) PackQueueLength() []byte {
	enc, err := rollup.abi.Pack("queueLength")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackQueueLength is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xab91c7b0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function queueLength() view returns(uint256)
func (rollup *Rollup) TryPackQueueLength() ([]byte, error) {
	return rollup.abi.Pack("queueLength")
}

// UnpackQueueLength is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xab91c7b0.
//
// Solidity: function queueLength() view returns(uint256)
func (rollup *Rollup) UnpackQueueLength(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("queueLength", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackSequencer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5c1bba38.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function sequencer() view returns(address)
func (rollup *Rollup) PackSequencer() []byte {
	enc, err := rollup.abi.Pack("sequencer")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSequencer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5c1bba38.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function sequencer() view returns(address)
func (rollup *Rollup) TryPackSequencer() ([]byte, error) {
	return rollup.abi.Pack("sequencer")
}

// UnpackSequencer is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5c1bba38.
//
// Solidity: function sequencer() view returns(address)
func (rollup *Rollup) UnpackSequencer(data []byte) (common.Address, error) {
	out, err := rollup.abi.Unpack("sequencer", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackTreeDepth is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x16a56c41.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function treeDepth() view returns(uint256)
func (rollup *Rollup) PackTreeDepth() []byte {
	enc, err := rollup.abi.Pack("treeDepth")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTreeDepth is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x16a56c41.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function treeDepth() view returns(uint256)
func (rollup *Rollup) TryPackTreeDepth() ([]byte, error) {
	return rollup.abi.Pack("treeDepth")
}

// UnpackTreeDepth is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x16a56c41.
//
// Solidity: function treeDepth() view returns(uint256)
func (rollup *Rollup) UnpackTreeDepth(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("treeDepth", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackValidKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd1517dd5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function validKey(bytes32 pubkey) view returns(bool)
func (rollup *Rollup) PackValidKey(pubkey [32]byte) []byte {
	enc, err := rollup.abi.Pack("validKey", pubkey)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackValidKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd1517dd5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function validKey(bytes32 pubkey) view returns(bool)
func (rollup *Rollup) TryPackValidKey(pubkey [32]byte) ([]byte, error) {
	return rollup.abi.Pack("validKey", pubkey)
}

// UnpackValidKey is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd1517dd5.
//
// Solidity: function validKey(bytes32 pubkey) view returns(bool)
func (rollup *Rollup) UnpackValidKey(data []byte) (bool, error) {
	out, err := rollup.abi.Unpack("validKey", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackVerifierFor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x311d438c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function verifierFor(uint256 ) view returns(address)
func (rollup *Rollup) PackVerifierFor(arg0 *big.Int) []byte {
	enc, err := rollup.abi.Pack("verifierFor", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVerifierFor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x311d438c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function verifierFor(uint256 ) view returns(address)
func (rollup *Rollup) TryPackVerifierFor(arg0 *big.Int) ([]byte, error) {
	return rollup.abi.Pack("verifierFor", arg0)
}

// UnpackVerifierFor is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x311d438c.
//
// Solidity: function verifierFor(uint256 ) view returns(address)
func (rollup *Rollup) UnpackVerifierFor(data []byte) (common.Address, error) {
	out, err := rollup.abi.Unpack("verifierFor", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackWideEntries is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc2e70c10.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function wideEntries(uint256 slots) pure returns(uint256)
func (rollup *Rollup) PackWideEntries(slots *big.Int) []byte {
	enc, err := rollup.abi.Pack("wideEntries", slots)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWideEntries is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc2e70c10.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function wideEntries(uint256 slots) pure returns(uint256)
func (rollup *Rollup) TryPackWideEntries(slots *big.Int) ([]byte, error) {
	return rollup.abi.Pack("wideEntries", slots)
}

// UnpackWideEntries is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc2e70c10.
//
// Solidity: function wideEntries(uint256 slots) pure returns(uint256)
func (rollup *Rollup) UnpackWideEntries(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("wideEntries", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// RollupBatchCommitted represents a BatchCommitted event raised by the Rollup contract.
type RollupBatchCommitted struct {
	Number     *big.Int
	PostRoot   *big.Int
	Commitment *big.Int
	Raw        *types.Log // Blockchain specific contextual infos
}

const RollupBatchCommittedEventName = "BatchCommitted"

// ContractEventName returns the user-defined event name.
func (RollupBatchCommitted) ContractEventName() string {
	return RollupBatchCommittedEventName
}

// UnpackBatchCommittedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event BatchCommitted(uint256 indexed number, uint256 postRoot, uint256 commitment)
func (rollup *Rollup) UnpackBatchCommittedEvent(log *types.Log) (*RollupBatchCommitted, error) {
	event := "BatchCommitted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupBatchCommitted)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RollupBatchFinalized represents a BatchFinalized event raised by the Rollup contract.
type RollupBatchFinalized struct {
	Number   *big.Int
	PostRoot *big.Int
	Prover   common.Address
	Raw      *types.Log // Blockchain specific contextual infos
}

const RollupBatchFinalizedEventName = "BatchFinalized"

// ContractEventName returns the user-defined event name.
func (RollupBatchFinalized) ContractEventName() string {
	return RollupBatchFinalizedEventName
}

// UnpackBatchFinalizedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event BatchFinalized(uint256 indexed number, uint256 postRoot, address prover)
func (rollup *Rollup) UnpackBatchFinalizedEvent(log *types.Log) (*RollupBatchFinalized, error) {
	event := "BatchFinalized"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupBatchFinalized)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RollupClaimable represents a Claimable event raised by the Rollup contract.
type RollupClaimable struct {
	To     common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const RollupClaimableEventName = "Claimable"

// ContractEventName returns the user-defined event name.
func (RollupClaimable) ContractEventName() string {
	return RollupClaimableEventName
}

// UnpackClaimableEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Claimable(address indexed to, uint256 amount)
func (rollup *Rollup) UnpackClaimableEvent(log *types.Log) (*RollupClaimable, error) {
	event := "Claimable"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupClaimable)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RollupClaimed represents a Claimed event raised by the Rollup contract.
type RollupClaimed struct {
	To     common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const RollupClaimedEventName = "Claimed"

// ContractEventName returns the user-defined event name.
func (RollupClaimed) ContractEventName() string {
	return RollupClaimedEventName
}

// UnpackClaimedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Claimed(address indexed to, uint256 amount)
func (rollup *Rollup) UnpackClaimedEvent(log *types.Log) (*RollupClaimed, error) {
	event := "Claimed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupClaimed)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RollupDeposit represents a Deposit event raised by the Rollup contract.
type RollupDeposit struct {
	Index  *big.Int
	Pubkey [32]byte
	Owner  common.Address
	Amount uint64
	Raw    *types.Log // Blockchain specific contextual infos
}

const RollupDepositEventName = "Deposit"

// ContractEventName returns the user-defined event name.
func (RollupDeposit) ContractEventName() string {
	return RollupDepositEventName
}

// UnpackDepositEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Deposit(uint256 indexed index, bytes32 pubkey, address owner, uint64 amount)
func (rollup *Rollup) UnpackDepositEvent(log *types.Log) (*RollupDeposit, error) {
	event := "Deposit"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupDeposit)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RollupForcedExitRequested represents a ForcedExitRequested event raised by the Rollup contract.
type RollupForcedExitRequested struct {
	Index   *big.Int
	Account uint32
	Owner   common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const RollupForcedExitRequestedEventName = "ForcedExitRequested"

// ContractEventName returns the user-defined event name.
func (RollupForcedExitRequested) ContractEventName() string {
	return RollupForcedExitRequestedEventName
}

// UnpackForcedExitRequestedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ForcedExitRequested(uint256 indexed index, uint32 account, address owner)
func (rollup *Rollup) UnpackForcedExitRequestedEvent(log *types.Log) (*RollupForcedExitRequested, error) {
	event := "ForcedExitRequested"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupForcedExitRequested)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (rollup *Rollup) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadAccount"].ID.Bytes()[:4]) {
		return rollup.UnpackBadAccountError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadAmount"].ID.Bytes()[:4]) {
		return rollup.UnpackBadAmountError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadKey"].ID.Bytes()[:4]) {
		return rollup.UnpackBadKeyError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadPayouts"].ID.Bytes()[:4]) {
		return rollup.UnpackBadPayoutsError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadProof"].ID.Bytes()[:4]) {
		return rollup.UnpackBadProofError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadPublicData"].ID.Bytes()[:4]) {
		return rollup.UnpackBadPublicDataError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadRecord"].ID.Bytes()[:4]) {
		return rollup.UnpackBadRecordError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadSizes"].ID.Bytes()[:4]) {
		return rollup.UnpackBadSizesError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["NotProver"].ID.Bytes()[:4]) {
		return rollup.UnpackNotProverError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["NotSequencer"].ID.Bytes()[:4]) {
		return rollup.UnpackNotSequencerError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["NothingToClaim"].ID.Bytes()[:4]) {
		return rollup.UnpackNothingToClaimError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["PayoutFailed"].ID.Bytes()[:4]) {
		return rollup.UnpackPayoutFailedError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["PriorityMismatch"].ID.Bytes()[:4]) {
		return rollup.UnpackPriorityMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["PriorityOverdue"].ID.Bytes()[:4]) {
		return rollup.UnpackPriorityOverdueError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["RootOutOfField"].ID.Bytes()[:4]) {
		return rollup.UnpackRootOutOfFieldError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["UnknownSize"].ID.Bytes()[:4]) {
		return rollup.UnpackUnknownSizeError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["WrongBatch"].ID.Bytes()[:4]) {
		return rollup.UnpackWrongBatchError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// RollupBadAccount represents a BadAccount error raised by the Rollup contract.
type RollupBadAccount struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadAccount()
func RollupBadAccountErrorID() common.Hash {
	return common.HexToHash("0x1c2b0777b22e0ef3f377bfcfcfc42e823913ab64f6fd3126c73b14b3f5b2ab6a")
}

// UnpackBadAccountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadAccount()
func (rollup *Rollup) UnpackBadAccountError(raw []byte) (*RollupBadAccount, error) {
	out := new(RollupBadAccount)
	if err := rollup.abi.UnpackIntoInterface(out, "BadAccount", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadAmount represents a BadAmount error raised by the Rollup contract.
type RollupBadAmount struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadAmount()
func RollupBadAmountErrorID() common.Hash {
	return common.HexToHash("0x749b593924416ea8f46d8a8f5b89dfc2a554f6cc168b31407d6be5e73a078ac0")
}

// UnpackBadAmountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadAmount()
func (rollup *Rollup) UnpackBadAmountError(raw []byte) (*RollupBadAmount, error) {
	out := new(RollupBadAmount)
	if err := rollup.abi.UnpackIntoInterface(out, "BadAmount", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadKey represents a BadKey error raised by the Rollup contract.
type RollupBadKey struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadKey()
func RollupBadKeyErrorID() common.Hash {
	return common.HexToHash("0xee9f2d537bde7567f0e60f7e7ee11ce8d6383f6cb525c16217a5d958064efde2")
}

// UnpackBadKeyError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadKey()
func (rollup *Rollup) UnpackBadKeyError(raw []byte) (*RollupBadKey, error) {
	out := new(RollupBadKey)
	if err := rollup.abi.UnpackIntoInterface(out, "BadKey", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadPayouts represents a BadPayouts error raised by the Rollup contract.
type RollupBadPayouts struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadPayouts()
func RollupBadPayoutsErrorID() common.Hash {
	return common.HexToHash("0x1d310dc9578835229277867f97ea89db15444a90b4228cceb2f5504fbdf85e98")
}

// UnpackBadPayoutsError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadPayouts()
func (rollup *Rollup) UnpackBadPayoutsError(raw []byte) (*RollupBadPayouts, error) {
	out := new(RollupBadPayouts)
	if err := rollup.abi.UnpackIntoInterface(out, "BadPayouts", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadProof represents a BadProof error raised by the Rollup contract.
type RollupBadProof struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadProof()
func RollupBadProofErrorID() common.Hash {
	return common.HexToHash("0x7ca55c774976027f27f73629387ed99a2044a8721aec39c3c2717944b08c423a")
}

// UnpackBadProofError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadProof()
func (rollup *Rollup) UnpackBadProofError(raw []byte) (*RollupBadProof, error) {
	out := new(RollupBadProof)
	if err := rollup.abi.UnpackIntoInterface(out, "BadProof", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadPublicData represents a BadPublicData error raised by the Rollup contract.
type RollupBadPublicData struct {
	Length   *big.Int
	Expected *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadPublicData(uint256 length, uint256 expected)
func RollupBadPublicDataErrorID() common.Hash {
	return common.HexToHash("0xa45c8eac817ff45d91bbb363cbf5c9fbd327d9d85d2f99085a62bc668978134f")
}

// UnpackBadPublicDataError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadPublicData(uint256 length, uint256 expected)
func (rollup *Rollup) UnpackBadPublicDataError(raw []byte) (*RollupBadPublicData, error) {
	out := new(RollupBadPublicData)
	if err := rollup.abi.UnpackIntoInterface(out, "BadPublicData", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadRecord represents a BadRecord error raised by the Rollup contract.
type RollupBadRecord struct {
	Slot *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadRecord(uint256 slot)
func RollupBadRecordErrorID() common.Hash {
	return common.HexToHash("0x2c1d1df4a1768d8d1b56a374945f6333080ac5b2c9beaaa7f90e300620ab771c")
}

// UnpackBadRecordError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadRecord(uint256 slot)
func (rollup *Rollup) UnpackBadRecordError(raw []byte) (*RollupBadRecord, error) {
	out := new(RollupBadRecord)
	if err := rollup.abi.UnpackIntoInterface(out, "BadRecord", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadSizes represents a BadSizes error raised by the Rollup contract.
type RollupBadSizes struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadSizes()
func RollupBadSizesErrorID() common.Hash {
	return common.HexToHash("0x4a160f7195ee3b53beb8bbaaabd02737ab67d7f99ee7bf3fe0ab78d6bad98a1d")
}

// UnpackBadSizesError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadSizes()
func (rollup *Rollup) UnpackBadSizesError(raw []byte) (*RollupBadSizes, error) {
	out := new(RollupBadSizes)
	if err := rollup.abi.UnpackIntoInterface(out, "BadSizes", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupNotProver represents a NotProver error raised by the Rollup contract.
type RollupNotProver struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotProver()
func RollupNotProverErrorID() common.Hash {
	return common.HexToHash("0x2f6a53d89a624b4bd73c69754cd9daa61f3a81f18912ece06d769338bbbebfd2")
}

// UnpackNotProverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotProver()
func (rollup *Rollup) UnpackNotProverError(raw []byte) (*RollupNotProver, error) {
	out := new(RollupNotProver)
	if err := rollup.abi.UnpackIntoInterface(out, "NotProver", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupNotSequencer represents a NotSequencer error raised by the Rollup contract.
type RollupNotSequencer struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotSequencer()
func RollupNotSequencerErrorID() common.Hash {
	return common.HexToHash("0x53e2827c451a0a0f171a8880e9c351ab8000b3d4f27c8efd66e3187f39b035eb")
}

// UnpackNotSequencerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotSequencer()
func (rollup *Rollup) UnpackNotSequencerError(raw []byte) (*RollupNotSequencer, error) {
	out := new(RollupNotSequencer)
	if err := rollup.abi.UnpackIntoInterface(out, "NotSequencer", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupNothingToClaim represents a NothingToClaim error raised by the Rollup contract.
type RollupNothingToClaim struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NothingToClaim()
func RollupNothingToClaimErrorID() common.Hash {
	return common.HexToHash("0x969bf7288f744225521096ebffff657851af77dd4c63700d76b8d1cf6481d1f1")
}

// UnpackNothingToClaimError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NothingToClaim()
func (rollup *Rollup) UnpackNothingToClaimError(raw []byte) (*RollupNothingToClaim, error) {
	out := new(RollupNothingToClaim)
	if err := rollup.abi.UnpackIntoInterface(out, "NothingToClaim", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupPayoutFailed represents a PayoutFailed error raised by the Rollup contract.
type RollupPayoutFailed struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error PayoutFailed()
func RollupPayoutFailedErrorID() common.Hash {
	return common.HexToHash("0x3b1ab1045aad53070fe2359fd1a7d516800dcddc17ad45f2e5ff18fe2dbb0689")
}

// UnpackPayoutFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error PayoutFailed()
func (rollup *Rollup) UnpackPayoutFailedError(raw []byte) (*RollupPayoutFailed, error) {
	out := new(RollupPayoutFailed)
	if err := rollup.abi.UnpackIntoInterface(out, "PayoutFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupPriorityMismatch represents a PriorityMismatch error raised by the Rollup contract.
type RollupPriorityMismatch struct {
	Slot  *big.Int
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error PriorityMismatch(uint256 slot, uint256 index)
func RollupPriorityMismatchErrorID() common.Hash {
	return common.HexToHash("0x63df98816b19d53815cdfd76fc47f4f3a8f34c2ff416faa7d2e72d20e6d2c045")
}

// UnpackPriorityMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error PriorityMismatch(uint256 slot, uint256 index)
func (rollup *Rollup) UnpackPriorityMismatchError(raw []byte) (*RollupPriorityMismatch, error) {
	out := new(RollupPriorityMismatch)
	if err := rollup.abi.UnpackIntoInterface(out, "PriorityMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupPriorityOverdue represents a PriorityOverdue error raised by the Rollup contract.
type RollupPriorityOverdue struct {
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error PriorityOverdue(uint256 index)
func RollupPriorityOverdueErrorID() common.Hash {
	return common.HexToHash("0x43af8ef1eb71940ce4fa3f4cc96218ef1f5f29804c982761b50957f27af3f67d")
}

// UnpackPriorityOverdueError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error PriorityOverdue(uint256 index)
func (rollup *Rollup) UnpackPriorityOverdueError(raw []byte) (*RollupPriorityOverdue, error) {
	out := new(RollupPriorityOverdue)
	if err := rollup.abi.UnpackIntoInterface(out, "PriorityOverdue", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupRootOutOfField represents a RootOutOfField error raised by the Rollup contract.
type RollupRootOutOfField struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error RootOutOfField()
func RollupRootOutOfFieldErrorID() common.Hash {
	return common.HexToHash("0x9c4253006644acde33141c38582261b50406fa39969564922f61828041ae303b")
}

// UnpackRootOutOfFieldError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error RootOutOfField()
func (rollup *Rollup) UnpackRootOutOfFieldError(raw []byte) (*RollupRootOutOfField, error) {
	out := new(RollupRootOutOfField)
	if err := rollup.abi.UnpackIntoInterface(out, "RootOutOfField", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupUnknownSize represents a UnknownSize error raised by the Rollup contract.
type RollupUnknownSize struct {
	Slots *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnknownSize(uint256 slots)
func RollupUnknownSizeErrorID() common.Hash {
	return common.HexToHash("0xd52481876575656add98ea82f37c143ec018f5c66ceda720b7730fc07919382a")
}

// UnpackUnknownSizeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnknownSize(uint256 slots)
func (rollup *Rollup) UnpackUnknownSizeError(raw []byte) (*RollupUnknownSize, error) {
	out := new(RollupUnknownSize)
	if err := rollup.abi.UnpackIntoInterface(out, "UnknownSize", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupWrongBatch represents a WrongBatch error raised by the Rollup contract.
type RollupWrongBatch struct {
	Expected *big.Int
	Got      *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error WrongBatch(uint256 expected, uint256 got)
func RollupWrongBatchErrorID() common.Hash {
	return common.HexToHash("0xd0a8f98713c8e0175668478588ba8fddc27062b0b49aca6c47c40a232bb9139e")
}

// UnpackWrongBatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error WrongBatch(uint256 expected, uint256 got)
func (rollup *Rollup) UnpackWrongBatchError(raw []byte) (*RollupWrongBatch, error) {
	out := new(RollupWrongBatch)
	if err := rollup.abi.UnpackIntoInterface(out, "WrongBatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}
