namespace Streaming.Broker.Transactions;

/// <summary>The transaction coordinator's settings, taken from <see cref="EmbeddedBrokerOptions"/>.</summary>
internal sealed record TransactionCoordinatorOptions
{
    public int StateTopicPartitions { get; init; } = 50;
    public TimeSpan MaxTimeout { get; init; } = TimeSpan.FromMinutes(15);
    public TimeSpan TimeoutCheckInterval { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan TransactionalIdExpiration { get; init; } = TimeSpan.FromDays(7);
}
