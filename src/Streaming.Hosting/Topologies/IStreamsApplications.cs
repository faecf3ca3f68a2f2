using System.Diagnostics.CodeAnalysis;
using Streaming.Streams;

namespace Streaming.Hosting;

/// <summary>The topologies the host runs (<c>AddTopology</c>), by application id: their running <see cref="KafkaStreams"/> instances.</summary>
public interface IStreamsApplications
{
    /// <summary>The application ids of every topology added to the host, in the order they were added.</summary>
    IReadOnlyList<string> ApplicationIds { get; }

    /// <summary>The instance running <paramref name="applicationId"/>.</summary>
    /// <exception cref="InvalidOperationException">No topology has this application id, or the host has not started it yet.</exception>
    KafkaStreams Get(string applicationId);

    /// <summary>The instance running <paramref name="applicationId"/>, if the host has started it.</summary>
    bool TryGet(string applicationId, [NotNullWhen(true)] out KafkaStreams? streams);

    /// <summary>
    /// Completes when the application has processed and committed every record that was in its source topics when the wait
    /// began, and what that produced into its repartition topics: the group's committed offsets have reached the ends
    /// (transaction markers aside). With at_least_once this takes up to one <c>CommitInterval</c> after the work is done.
    /// </summary>
    /// <exception cref="InvalidOperationException">The application stopped (or failed) before catching up.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired first.</exception>
    Task WaitUntilProcessedAsync(string applicationId, CancellationToken cancellationToken);
}
