package dev.portablesession.benchmarks.app;

import java.io.Serializable;

/** One line of the shopping cart; about 250 bytes as JSON, so 200 of them make the ~50 KB cart. */
public record CartItem(String sku, String title, String description, int quantity, long unitPriceCents)
        implements Serializable {

    /** The same line with another quantity: how the cart scenario changes the cart. */
    public CartItem withQuantity(int newQuantity) {
        return new CartItem(sku, title, description, newQuantity, unitPriceCents);
    }
}
