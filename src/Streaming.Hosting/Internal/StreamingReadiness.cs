namespace Streaming.Hosting.Internal;

/// <summary>
/// Completes when <see cref="StreamingStartup"/> has opened the transport and created the declared topics, so that services
/// which need them (topologies check their source topics) wait for it even when the host starts services concurrently.
/// </summary>
internal sealed class StreamingReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => _ready.Task;

    public void SetReady() => _ready.TrySetResult();

    public void SetFailed(Exception exception) => _ready.TrySetException(new InvalidOperationException("the streaming startup (transport, topics) failed", exception));
}
