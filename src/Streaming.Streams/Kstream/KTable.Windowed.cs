namespace Streaming.Streams.Kstream;

public sealed partial class KTable<TKey, TValue>
{
    /// <summary>For the table of a windowed aggregation: the windows' grace period (what <c>Suppressed.UntilWindowCloses</c> waits for).</summary>
    internal long? WindowGraceMs { get; init; }
}
