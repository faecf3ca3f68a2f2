namespace Streaming.Hosting.Consumers;

/// <summary>Where a consumer worker is in its life.</summary>
internal enum ConsumerWorkerState
{
    NotStarted,
    Running,
    Stopped,
    Faulted,
}
