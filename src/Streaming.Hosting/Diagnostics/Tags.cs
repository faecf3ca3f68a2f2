using System.Globalization;

namespace Streaming.Hosting.Diagnostics;

/// <summary>OpenTelemetry messaging attribute sets.</summary>
internal static class Tags
{
    public static KeyValuePair<string, object?>[] Topic(string topic) =>
    [
        new("messaging.system", "kafka"),
        new("messaging.destination.name", topic),
    ];

    public static KeyValuePair<string, object?>[] Partition(string groupId, TopicPartition tp) =>
    [
        new("messaging.system", "kafka"),
        new("messaging.consumer.group.name", groupId),
        new("messaging.destination.name", tp.Topic),
        new("messaging.destination.partition.id", tp.Partition.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>The tag the <c>Streaming.Streams</c> meter puts on its instruments.</summary>
    public static KeyValuePair<string, object?>[] Application(string applicationId) => [new("streams.application_id", applicationId)];

    public static KeyValuePair<string, object?>[] Store(string applicationId, string taskId, string store) =>
    [
        new("streams.application_id", applicationId),
        new("streams.task_id", taskId),
        new("streams.store", store),
    ];
}
