namespace Streaming.Broker.Log;

/// <summary>Told after each append to a partition, so that readers waiting at the end wake without polling.</summary>
internal interface IAppendListener
{
    /// <summary>Called outside the partition's lock, on the appending thread: keep it short and non-blocking.</summary>
    void OnAppend(PartitionLog log);
}
