using Streaming.Hosting.Diagnostics;

namespace Streaming.Hosting.Consumers;

internal sealed partial class ConsumerWorker<TKey, TValue>
{
    private readonly Dictionary<TopicPartition, long> _committed = [];

    private void Commit()
    {
        if (IsExactlyOnce) CommitTransaction();
        else if (Options.DeliveryGuarantee == DeliveryGuarantee.AtLeastOnce) CommitOffsets(_consumer!.Assignment);
    }

    /// <summary>At-least-once: commits, for the partitions, the offset of the first record not yet finished.</summary>
    private void CommitOffsets(IEnumerable<TopicPartition> partitions)
    {
        var processed = _progress.Committable();
        var offsets = new List<TopicPartitionOffset>();
        foreach (var tp in partitions)
        {
            if (processed.TryGetValue(tp, out long next) && (!_committed.TryGetValue(tp, out long last) || last != next))
                offsets.Add(new TopicPartitionOffset(tp, next));
        }
        if (offsets.Count == 0) return;
        try
        {
            _consumer!.Commit(offsets);
            foreach (var o in offsets) _committed[o.TopicPartition] = o.Offset.Value;
        }
        catch (StreamingException ex) when (ex.IsRetriable || ex is CommitFailedException or RebalanceInProgressException)
        {
            Log.CommitFailed(_logger, ex, Name);
        }
    }
}
