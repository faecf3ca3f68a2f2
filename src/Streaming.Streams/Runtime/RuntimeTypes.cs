namespace Streaming.Streams.Runtime;

/// <summary>What a stream thread needs from the application that runs it.</summary>
internal interface IStreamsRuntime
{
    Guid ProcessId { get; }

    IStreamingTransport Transport { get; }

    bool ShutdownApplicationRequested { get; }

    /// <summary>For each task with state on this instance, the changelog offsets it holds, summed (see <see cref="SubscriptionInfo.TaskOffsetSums"/>).</summary>
    IReadOnlyDictionary<TaskId, long> TaskOffsetSums();

    StreamThreadExceptionResponse OnThreadFailed(StreamThread thread, Exception exception);

    void OnThreadStopped(StreamThread thread);

    void OnThreadStateChanged(StreamThread thread, StreamThreadState state);

    void OnShutdownApplicationReceived();

    void RecordCommit(double seconds);

    /// <summary>The instance's global stores (null without global tables), given to every task.</summary>
    IReadOnlyDictionary<string, State.IStateStore>? GlobalStores { get; }

    void OnGlobalThreadFailed(Exception exception);
}
