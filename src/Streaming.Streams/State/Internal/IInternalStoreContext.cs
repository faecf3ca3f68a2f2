using Streaming.Streams.Internal;

namespace Streaming.Streams.State.Internal;

/// <summary>What the store layers need from the task beyond the public context: the record being processed, the cache, the changelog sink.</summary>
internal interface IInternalStoreContext : IStateStoreContext
{
    int Partition { get; }

    /// <summary>The timestamp of the record being processed (the time of a changelog write).</summary>
    long CurrentTimestamp { get; }

    RecordCache Cache { get; }

    /// <summary>Where changelog records go; the test driver makes them readable, a runtime produces them.</summary>
    IRecordCollector Collector { get; }
}
