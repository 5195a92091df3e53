"""Claims that reappear: sentences of an article that repeat a claim already on the desk
(in any state, published included), and recording them as appearances of that claim."""
