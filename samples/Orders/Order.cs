namespace Orders;

/// <summary>An order, keyed by its customer in topic 'orders' (JSON on the wire).</summary>
public sealed record Order(int Id, string CustomerId, decimal Amount);

/// <summary>A customer's running figures, kept in the 'customer-totals' store and written to topic 'customer-totals' (JSON).</summary>
public sealed record CustomerTotals(long Count, decimal Total)
{
    public static CustomerTotals None { get; } = new(0, 0m);

    public CustomerTotals Add(Order order) => new(Count + 1, Total + order.Amount);
}
