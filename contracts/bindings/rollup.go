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
	ABI: "[{\"inputs\":[{\"internalType\":\"contractGroth16Verifier\",\"name\":\"verifier_\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"sequencer_\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"slots_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"genesisRoot\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"proveDeadline_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"treeDepth_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"inclusionDeadline_\",\"type\":\"uint256\"},{\"internalType\":\"address[]\",\"name\":\"provers\",\"type\":\"address[]\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"BadAccount\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadAmount\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadKey\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadProof\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"length\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"expected\",\"type\":\"uint256\"}],\"name\":\"BadPublicData\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"slot\",\"type\":\"uint256\"}],\"name\":\"BadRecord\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotProver\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotSequencer\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NothingToClaim\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"PayoutFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"slot\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"PriorityMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"PriorityOverdue\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"RootOutOfField\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"expected\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"got\",\"type\":\"uint256\"}],\"name\":\"WrongBatch\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"postRoot\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"commitment\",\"type\":\"uint256\"}],\"name\":\"BatchCommitted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"postRoot\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"prover\",\"type\":\"address\"}],\"name\":\"BatchFinalized\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Claimable\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Claimed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"pubkey\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"amount\",\"type\":\"uint64\"}],\"name\":\"Deposit\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"ForcedExitRequested\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"RECORD_SIZE\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"UNIT\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"WIDE_SIZE\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"name\":\"batches\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"commitment\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"postRoot\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"committedAt\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"claim\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"claimable\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"postRoot\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"pubdata\",\"type\":\"bytes\"}],\"name\":\"commitBatch\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"pubkey\",\"type\":\"bytes32\"}],\"name\":\"deposit\",\"outputs\":[],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"finalizedRoot\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"}],\"name\":\"forceExit\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"inclusionDeadline\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"isProver\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastCommitted\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastFinalized\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"nextPriority\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"internalType\":\"uint256[8]\",\"name\":\"proof\",\"type\":\"uint256[8]\"},{\"internalType\":\"bytes\",\"name\":\"pubdata\",\"type\":\"bytes\"}],\"name\":\"proveBatch\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"proveDeadline\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"pubdataLength\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"name\":\"queue\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"hash\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"queuedAt\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"queueLength\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"sequencer\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"slots\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"treeDepth\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"pubkey\",\"type\":\"bytes32\"}],\"name\":\"validKey\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"verifier\",\"outputs\":[{\"internalType\":\"contractGroth16Verifier\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"wide\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "Rollup",
	Bin: "0x610160604052348015610010575f5ffd5b50604051611ccb380380611ccb83398101604081905261002f91610177565b7f30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001851061006e57604051629c425360e81b815260040160405180910390fd5b6001600160a01b03808916608052871660a05260c08690525f61009260108861029a565b90505f600488106100a45760046100a6565b875b90508082116100b557806100b7565b815b60e05260078790556101008690526101208590526101408490525f5b835181101561012c57600160035f8684815181106100f3576100f36102b9565b6020908102919091018101516001600160a01b031682528101919091526040015f20805460ff19169115159190911790556001016100d3565b50505050505050505050506102cd565b6001600160a01b0381168114610150575f5ffd5b50565b805161015e8161013c565b919050565b634e487b7160e01b5f52604160045260245ffd5b5f5f5f5f5f5f5f5f610100898b03121561018f575f5ffd5b885161019a8161013c565b60208a01519098506101ab8161013c565b60408a015160608b015160808c015160a08d015160c08e015160e08f0151959c50939a509198509650945092506001600160401b038111156101eb575f5ffd5b8901601f81018b136101fb575f5ffd5b80516001600160401b0381111561021457610214610163565b604051600582901b90603f8201601f191681016001600160401b038111828210171561024257610242610163565b60405291825260208184018101929081018e84111561025f575f5ffd5b6020850194505b838510156102855761027785610153565b815260209485019401610266565b50809450505050509295985092959890939650565b5f826102b457634e487b7160e01b5f52601260045260245ffd5b500490565b634e487b7160e01b5f52603260045260245ffd5b60805160a05160c05160e05161010051610120516101405161196061036b5f395f81816103d3015261143901525f81816102270152610ab601525f81816101f401526106df01525f818161052901528181610f72015261150e01525f81816102e501528181610f9d01528181610fd50152818161119c015261156201525f81816103570152610c0201525f818161025a015261080401526119605ff3fe60806040526004361061017a575f3560e01c806383894a60116100cd578063b32c4d8d11610087578063d1517dd511610062578063d1517dd5146104c5578063ddf0b009146104e4578063e5f38a5814610518578063f5263c391461054b575f5ffd5b8063b32c4d8d14610432578063b4f0bfeb14610487578063be3384c3146104a6575f5ffd5b806383894a601461039857806388048b53146103ad5780638ecbae54146103c25780639d8e2177146103f5578063ab91c7b01461040c578063b214faa51461041f575f5ffd5b806340d51007116101385780634e74addc116101135780634e74addc1461031d5780635726c2bb146103315780635c1bba38146103465780637908834e14610379575f5ffd5b806340d51007146102bf57806348547d69146102d45780634e71d92d14610307575f5ffd5b8062b24ff21461017e5780630a245924146101a557806314a9e301146101e357806316a56c41146102165780632b7ac3f314610249578063402914f514610294575b5f5ffd5b348015610189575f5ffd5b50610192601081565b6040519081526020015b60405180910390f35b3480156101b0575f5ffd5b506101d36101bf3660046115d9565b60036020525f908152604090205460ff1681565b604051901515815260200161019c565b3480156101ee575f5ffd5b506101927f000000000000000000000000000000000000000000000000000000000000000081565b348015610221575f5ffd5b506101927f000000000000000000000000000000000000000000000000000000000000000081565b348015610254575f5ffd5b5061027c7f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b03909116815260200161019c565b34801561029f575f5ffd5b506101926102ae3660046115d9565b60016020525f908152604090205481565b3480156102ca575f5ffd5b5061019260025481565b3480156102df575f5ffd5b506101927f000000000000000000000000000000000000000000000000000000000000000081565b348015610312575f5ffd5b5061031b61055f565b005b348015610328575f5ffd5b50610192604081565b34801561033c575f5ffd5b5061019260065481565b348015610351575f5ffd5b5061027c7f000000000000000000000000000000000000000000000000000000000000000081565b348015610384575f5ffd5b5061031b61039336600461164b565b61063e565b3480156103a3575f5ffd5b5061019260075481565b3480156103b8575f5ffd5b5061019260055481565b3480156103cd575f5ffd5b506101927f000000000000000000000000000000000000000000000000000000000000000081565b348015610400575f5ffd5b50610192633b9aca0081565b348015610417575f5ffd5b505f54610192565b61031b61042d3660046116a7565b610903565b34801561043d575f5ffd5b5061046c61044c3660046116a7565b60046020525f908152604090208054600182015460029092015490919083565b6040805193845260208401929092529082015260600161019c565b348015610492575f5ffd5b5061031b6104a13660046116be565b610aad565b3480156104b1575f5ffd5b5061031b6104c03660046116e1565b610bf7565b3480156104d0575f5ffd5b506101d36104df3660046116a7565b610d84565b3480156104ef575f5ffd5b506105036104fe3660046116a7565b610f3f565b6040805192835260208301919091520161019c565b348015610523575f5ffd5b506101927f000000000000000000000000000000000000000000000000000000000000000081565b348015610556575f5ffd5b50610192610f6a565b335f908152600160205260408120549081900361058f576040516312d37ee560e31b815260040160405180910390fd5b335f818152600160205260408082208290555190919083908381818185875af1925050503d805f81146105dd576040519150601f19603f3d011682016040523d82523d5f602084013e6105e2565b606091505b505090508061060457604051630ec6ac4160e21b815260040160405180910390fd5b60405182815233907fd8138f8a3f377c5259ca548e70e4c2de94f129f5a11036a15b69513cba2b426a906020015b60405180910390a25050565b60065461064c90600161172c565b8414158061065b575060055484115b156106975760065461066e90600161172c565b60405163d0a8f98760e01b81526004810191909152602481018590526044015b60405180910390fd5b5f8481526004602090815260408083208151606081018352815481526001820154818501526002909101548183015233845260039092529091205460ff1615801561071157507f0000000000000000000000000000000000000000000000000000000000000000816040015161070d919061172c565b4311155b1561072f576040516305ed4a7b60e31b815260040160405180910390fd5b610737610f6a565b8214158061079f575080516040516002906107559086908690611745565b602060405180830381855afa158015610770573d5f5f3e3d5ffd5b5050506040513d601f19601f820116820180604052508101906107939190611754565b6001600160fd1b031614155b156107cf57816107ad610f6a565b60405163291723ab60e21b81526004810192909252602482015260440161068e565b6040805160608101825260075481526020838101519082015282518183015290516365c0325960e01b81526001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016916365c032599161083991889160040161176b565b602060405180830381865afa158015610854573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061087891906117a7565b61089557604051637ca55c7760e01b815260040160405180910390fd5b600685905560208101516007556108ac8383610fd0565b847f602b9b43ee443d1a65e3956579ed53b914caae7f368e56aec2b58234fe8e84ed8260200151336040516108f49291909182526001600160a01b0316602082015260400190565b60405180910390a25050505050565b34158061091c5750610919633b9aca00346117da565b15155b8061093b575067ffffffffffffffff610939633b9aca00346117ed565b115b156109595760405163749b593960e01b815260040160405180910390fd5b61096281610d84565b61097f5760405163ee9f2d5360e01b815260040160405180910390fd5b5f61098e633b9aca00346117ed565b6040516001600160c01b031960c083901b166020820152602881018490526001600160601b03193360601b1660488201529091505f90605c0160408051808303601f190181528282528051602091820120838301909252818352439083019081525f80546001808201835582805294517f290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e56360029092029182015591517f290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e5649092019190915554909250610a609190611800565b6040805185815233602082015267ffffffffffffffff85168183015290517f9ad2322565c512172e0648793eef5b39865defcf13c4fe8036b9f70b5a60bbbf9181900360600190a2505050565b63ffffffff81167f00000000000000000000000000000000000000000000000000000000000000001c15610af457604051631c2b077760e01b815260040160405180910390fd5b6040516001600160e01b031960e083901b1660208201526001600160601b03193360601b1660248201525f9060380160408051808303601f190181528282528051602091820120838301909252818352439083019081525f80546001808201835582805294517f290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e56360029092029182015591517f290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e5649092019190915554909250610bbc9190611800565b6040805163ffffffff851681523360208201527f9ef243cc462ec4c58f36caaea9a1b57f91630686a160f774fbcc99090ed895349101610632565b336001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001614610c40576040516314f8a09f60e21b815260040160405180910390fd5b600554610c4e90600161172c565b8414610c625760055461066e90600161172c565b610c6a610f6a565b8114610c7957806107ad610f6a565b5f51602061190b5f395f51905f528310610ca557604051629c425360e81b815260040160405180910390fd5b610caf8282611194565b5f60028383604051610cc2929190611745565b602060405180830381855afa158015610cdd573d5f5f3e3d5ffd5b5050506040513d601f19601f82011682018060405250810190610d009190611754565b604080516060810182526001600160fd1b03929092168083526020808401888152438585019081525f8b81526004845285902095518655905160018601555160029094019390935560058890558151878152928301819052925086917ff19419f527bf4d06d963d5b2a362d3c1328d6237893ad7943c087e69209207da91016108f4565b5f8181805b6020811015610dc857610d9d816008611813565b610da882601f611800565b610db3906008611813565b84901c60ff16901b9190911790600101610d89565b506001600160ff1b0381169060ff1c5f51602061190b5f395f51905f528210610df557505f949350505050565b5f5f51602061190b5f395f51905f5283840990505f5f51602061190b5f395f51905f52610e3060015f51602061190b5f395f51905f52611800565b830890505f5f51602061190b5f395f51905f5260015f51602061190b5f395f51905f52857f1aee90f15f2189693df072d799fd11fc039b2959ebb7c867d075ca8cf4d7eb8e09089050805f03610e8d57505f979650505050505050565b5f80610eb083610eab60025f51602061190b5f395f51905f52611800565b6114a8565b9150915081610ec857505f9998505050505050505050565b5f5f51602061190b5f395f51905f528286099050805f03610ef3575050931598975050505050505050565b5f80610f1d836002610f1360015f51602061190b5f395f51905f52611800565b610eab91906117ed565b91509150818015610f2e5750806001145b9d9c50505050505050505050505050565b5f8181548110610f4d575f80fd5b5f9182526020909120600290910201805460019091015490915082565b5f610f9660407f0000000000000000000000000000000000000000000000000000000000000000611813565b610fc160107f0000000000000000000000000000000000000000000000000000000000000000611813565b610fcb919061172c565b905090565b5f805b7f000000000000000000000000000000000000000000000000000000000000000081101561118e575f8484611009601085611813565b8181106110185761101861182a565b919091013560f81c915050607f811660021480159061103b5750607f8116600314155b801561104b5750607f8116600414155b156110565750611186565b365f61106f8787876110678161183e565b98508761150a565b909250905060ff831660021480159061108c575060ff8316600414155b801561109c575060ff8316608314155b156110a957505050611186565b5f633b9aca008382846110bd82600861172c565b926110ca93929190611856565b6110d39161187d565b6110e0919060c01c611813565b9050805f036110f25750505050611186565b5f8360288461110282601461172c565b9261110f93929190611856565b611118916118b5565b60601c5f8181526001602052604081208054929350849290919061113d90849061172c565b90915550506040518281526001600160a01b038216907fdec9ebd1283d91d041dc9b5bb471ba4935fb749425f4246a67f426c40c7ec9f89060200160405180910390a250505050505b600101610fd3565b50505050565b6002545f805b7f000000000000000000000000000000000000000000000000000000000000000081101561142657365f86866111d1601086611813565b9060106111df87600161172c565b6111e99190611813565b926111f693929190611856565b915091505f60801983835f8181106112105761121061182a565b9050013560f81c60f81b60f81c1690508060ff165f1480611234575060ff81166001145b80611242575060ff81166002145b156112b457608083835f81811061125b5761125b61182a565b9050013560f81c60f81b60f81c1660ff165f1461128e57604051630b07477d60e21b81526004810185905260240161068e565b60011960ff8216016112ac576112a98888876110678161183e565b50505b50505061141e565b60ff81166003148015906112cc575060ff8116600414155b156112ed57604051630b07477d60e21b81526004810185905260240161068e565b5f548610611318576040516363df988160e01b8152600481018590526024810187905260440161068e565b365f6113318a8a896113298161183e565b9a508961150a565b90925090505f60ff841660031461139a57611350600560018789611856565b8460288561135f82601461172c565b9261136c93929190611856565b60405160200161137f94939291906118eb565b604051602081830303815290604052805190602001206113be565b6113a7603c5f8486611856565b6040516113b5929190611745565b60405180910390205b90505f89815481106113d2576113d261182a565b905f5260205f2090600202015f0154811461140a576040516363df988160e01b815260048101889052602481018a905260440161068e565b886114148161183e565b9950505050505050505b60010161119a565b5060028290555f548210801561148757507f00000000000000000000000000000000000000000000000000000000000000005f838154811061146a5761146a61182a565b905f5260205f20906002020160010154611484919061172c565b43115b1561118e576040516343af8ef160e01b81526004810183905260240161068e565b5f5f5f6040518060c001604052806020815260200160208152602001602081526020018681526020018581526020015f51602061190b5f395f51905f5281525090506114f26115bb565b60208160c08460055afa905190969095509350505050565b365f7f0000000000000000000000000000000000000000000000000000000000000000841061154f57604051630b07477d60e21b81526004810184905260240161068e565b5f61155b604086611813565b61158660107f0000000000000000000000000000000000000000000000000000000000000000611813565b611590919061172c565b90508681876115a060408361172c565b926115ad93929190611856565b925092505094509492505050565b60405180602001604052806001906020820280368337509192915050565b5f602082840312156115e9575f5ffd5b81356001600160a01b03811681146115ff575f5ffd5b9392505050565b5f5f83601f840112611616575f5ffd5b50813567ffffffffffffffff81111561162d575f5ffd5b602083019150836020828501011115611644575f5ffd5b9250929050565b5f5f5f5f610140858703121561165f575f5ffd5b84359350610120850186811115611674575f5ffd5b6020860193503567ffffffffffffffff81111561168f575f5ffd5b61169b87828801611606565b95989497509550505050565b5f602082840312156116b7575f5ffd5b5035919050565b5f602082840312156116ce575f5ffd5b813563ffffffff811681146115ff575f5ffd5b5f5f5f5f606085870312156116f4575f5ffd5b8435935060208501359250604085013567ffffffffffffffff81111561168f575f5ffd5b634e487b7160e01b5f52601160045260245ffd5b8082018082111561173f5761173f611718565b92915050565b818382375f9101908152919050565b5f60208284031215611764575f5ffd5b5051919050565b61016081016101008483376101008201835f5b600381101561179d57815183526020928301929091019060010161177e565b5050509392505050565b5f602082840312156117b7575f5ffd5b815180151581146115ff575f5ffd5b634e487b7160e01b5f52601260045260245ffd5b5f826117e8576117e86117c6565b500690565b5f826117fb576117fb6117c6565b500490565b8181038181111561173f5761173f611718565b808202811582820484141761173f5761173f611718565b634e487b7160e01b5f52603260045260245ffd5b5f6001820161184f5761184f611718565b5060010190565b5f5f85851115611864575f5ffd5b83861115611870575f5ffd5b5050820193919092039150565b80356001600160c01b031981169060088410156118ae576001600160c01b0319600885900360031b81901b82161691505b5092915050565b80356001600160601b031981169060148410156118ae576001600160601b031960149490940360031b84901b1690921692915050565b838582375f8482015f8152838582375f9301928352509094935050505056fe30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001a2646970667358221220bcffeee31819a4e63204601a72ff1b36bd30ca68d764ab0c6f7c33ea1fbad3e664736f6c63430008250033",
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
// Solidity: constructor(address verifier_, address sequencer_, uint256 slots_, uint256 genesisRoot, uint256 proveDeadline_, uint256 treeDepth_, uint256 inclusionDeadline_, address[] provers) returns()
func (rollup *Rollup) PackConstructor(verifier_ common.Address, sequencer_ common.Address, slots_ *big.Int, genesisRoot *big.Int, proveDeadline_ *big.Int, treeDepth_ *big.Int, inclusionDeadline_ *big.Int, provers []common.Address) []byte {
	enc, err := rollup.abi.Pack("", verifier_, sequencer_, slots_, genesisRoot, proveDeadline_, treeDepth_, inclusionDeadline_, provers)
	if err != nil {
		panic(err)
	}
	return enc
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
// Solidity: function batches(uint256 ) view returns(uint256 commitment, uint256 postRoot, uint256 committedAt)
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
// Solidity: function batches(uint256 ) view returns(uint256 commitment, uint256 postRoot, uint256 committedAt)
func (rollup *Rollup) TryPackBatches(arg0 *big.Int) ([]byte, error) {
	return rollup.abi.Pack("batches", arg0)
}

// BatchesOutput serves as a container for the return parameters of contract
// method Batches.
type BatchesOutput struct {
	Commitment  *big.Int
	PostRoot    *big.Int
	CommittedAt *big.Int
}

// UnpackBatches is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb32c4d8d.
//
// Solidity: function batches(uint256 ) view returns(uint256 commitment, uint256 postRoot, uint256 committedAt)
func (rollup *Rollup) UnpackBatches(data []byte) (BatchesOutput, error) {
	out, err := rollup.abi.Unpack("batches", data)
	outstruct := new(BatchesOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Commitment = abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	outstruct.PostRoot = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	outstruct.CommittedAt = abi.ConvertType(out[2], new(big.Int)).(*big.Int)
	return *outstruct, nil
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
// the contract method with ID 0xbe3384c3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function commitBatch(uint256 number, uint256 postRoot, bytes pubdata) returns()
func (rollup *Rollup) PackCommitBatch(number *big.Int, postRoot *big.Int, pubdata []byte) []byte {
	enc, err := rollup.abi.Pack("commitBatch", number, postRoot, pubdata)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCommitBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbe3384c3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function commitBatch(uint256 number, uint256 postRoot, bytes pubdata) returns()
func (rollup *Rollup) TryPackCommitBatch(number *big.Int, postRoot *big.Int, pubdata []byte) ([]byte, error) {
	return rollup.abi.Pack("commitBatch", number, postRoot, pubdata)
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
// Solidity: function proveBatch(uint256 number, uint256[8] proof, bytes pubdata) returns()
func (rollup *Rollup) PackProveBatch(number *big.Int, proof [8]*big.Int, pubdata []byte) []byte {
	enc, err := rollup.abi.Pack("proveBatch", number, proof, pubdata)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProveBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7908834e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proveBatch(uint256 number, uint256[8] proof, bytes pubdata) returns()
func (rollup *Rollup) TryPackProveBatch(number *big.Int, proof [8]*big.Int, pubdata []byte) ([]byte, error) {
	return rollup.abi.Pack("proveBatch", number, proof, pubdata)
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
// the contract method with ID 0xf5263c39.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function pubdataLength() view returns(uint256)
func (rollup *Rollup) PackPubdataLength() []byte {
	enc, err := rollup.abi.Pack("pubdataLength")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPubdataLength is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf5263c39.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function pubdataLength() view returns(uint256)
func (rollup *Rollup) TryPackPubdataLength() ([]byte, error) {
	return rollup.abi.Pack("pubdataLength")
}

// UnpackPubdataLength is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf5263c39.
//
// Solidity: function pubdataLength() view returns(uint256)
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

// PackSlots is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x48547d69.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function slots() view returns(uint256)
func (rollup *Rollup) PackSlots() []byte {
	enc, err := rollup.abi.Pack("slots")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSlots is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x48547d69.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function slots() view returns(uint256)
func (rollup *Rollup) TryPackSlots() ([]byte, error) {
	return rollup.abi.Pack("slots")
}

// UnpackSlots is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x48547d69.
//
// Solidity: function slots() view returns(uint256)
func (rollup *Rollup) UnpackSlots(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("slots", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
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

// PackVerifier is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2b7ac3f3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function verifier() view returns(address)
func (rollup *Rollup) PackVerifier() []byte {
	enc, err := rollup.abi.Pack("verifier")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVerifier is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2b7ac3f3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function verifier() view returns(address)
func (rollup *Rollup) TryPackVerifier() ([]byte, error) {
	return rollup.abi.Pack("verifier")
}

// UnpackVerifier is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2b7ac3f3.
//
// Solidity: function verifier() view returns(address)
func (rollup *Rollup) UnpackVerifier(data []byte) (common.Address, error) {
	out, err := rollup.abi.Unpack("verifier", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackWide is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe5f38a58.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function wide() view returns(uint256)
func (rollup *Rollup) PackWide() []byte {
	enc, err := rollup.abi.Pack("wide")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWide is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe5f38a58.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function wide() view returns(uint256)
func (rollup *Rollup) TryPackWide() ([]byte, error) {
	return rollup.abi.Pack("wide")
}

// UnpackWide is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe5f38a58.
//
// Solidity: function wide() view returns(uint256)
func (rollup *Rollup) UnpackWide(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("wide", data)
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
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadProof"].ID.Bytes()[:4]) {
		return rollup.UnpackBadProofError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadPublicData"].ID.Bytes()[:4]) {
		return rollup.UnpackBadPublicDataError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadRecord"].ID.Bytes()[:4]) {
		return rollup.UnpackBadRecordError(raw[4:])
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
