namespace Streaming.Streams.State;

/// <summary>Where a DSL store keeps its data (Kafka's <c>default.dsl.store</c> values).</summary>
public enum StoreType
{
    /// <summary>A RocksDB database in the task's state directory.</summary>
    RocksDb,

    /// <summary>A sorted map on the heap; rebuilt from the changelog on restart.</summary>
    InMemory,
}
