package dev.trident.runtime.contract;

import dev.trident.runtime.TridentException;

/** The model contract is missing, malformed, or does not match the model's tensors. */
public final class ContractException extends TridentException {
    public ContractException(String message) {
        super(message);
    }

    public ContractException(String message, Throwable cause) {
        super(message, cause);
    }
}
