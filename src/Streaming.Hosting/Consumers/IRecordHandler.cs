namespace Streaming.Hosting;

/// <summary>
/// Handles the records a hosted consumer group receives. Resolved from a DI scope per record; records of one partition
/// (or one key, see <see cref="ProcessingOrder"/>) are handled one at a time, in order.
/// </summary>
public interface IRecordHandler<TKey, TValue>
{
    /// <summary>Handles one record; throwing hands it to the resilience pipeline (retries), then to the failure action.</summary>
    ValueTask HandleAsync(ConsumeResult<TKey, TValue> record, RecordContext context);
}
