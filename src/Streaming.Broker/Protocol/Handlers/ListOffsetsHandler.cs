using Streaming.Protocol.Messages;

namespace Streaming.Broker.Protocol.Handlers;

/// <summary>
/// ListOffsets: the earliest (-2: log start), latest (-1: high watermark, or the last stable offset for
/// read_committed), max-timestamp (-3) offset, or the first offset at or after a timestamp.
/// </summary>
internal static class ListOffsetsHandler
{
    private const long Latest = -1, Earliest = -2, MaxTimestamp = -3;

    public static KafkaResponse Handle(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<ListOffsetsRequest>(context, body);
        var response = new ListOffsetsResponse();
        // As Kafka: a partition named twice in one request is answered INVALID_REQUEST both times.
        var duplicates = request.Topics.SelectMany(t => t.Partitions.Select(p => (t.Name, p.PartitionIndex)))
            .GroupBy(k => k).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        foreach (var topic in request.Topics)
        {
            var topicResponse = new ListOffsetsTopicResponse { Name = topic.Name };
            response.Topics.Add(topicResponse);
            foreach (var partition in topic.Partitions)
            {
                var result = new ListOffsetsPartitionResponse { PartitionIndex = partition.PartitionIndex };
                topicResponse.Partitions.Add(result);
                try
                {
                    if (duplicates.Contains((topic.Name, partition.PartitionIndex)))
                        throw new StreamingException(ErrorCode.InvalidRequest, $"{topic.Name}-{partition.PartitionIndex} is named more than once");
                    var log = context.Broker.Topics.GetPartition(new TopicPartition(topic.Name, partition.PartitionIndex));
                    (result.Offset, result.Timestamp) = partition.Timestamp switch
                    {
                        Latest => (request.IsolationLevel == 1 ? log.LastStableOffset : log.LogEndOffset, -1L),
                        Earliest => (log.LogStartOffset, -1L),
                        MaxTimestamp => log.MaxTimestamp is var max and >= 0 && log.FindByTimestamp(max) is { } newest ? newest : (-1L, -1L),
                        < 0 => throw new StreamingException(ErrorCode.InvalidRequest, $"timestamp {partition.Timestamp} is neither a time nor -1, -2 or -3"),
                        _ => log.FindByTimestamp(partition.Timestamp) ?? (-1L, -1L),
                    };
                    if (context.Version >= 4) result.LeaderEpoch = 0;
                }
                catch (StreamingException ex)
                {
                    result.ErrorCode = ErrorCodes.From(ex);
                }
            }
        }
        return KafkaResponse.Of(context, response);
    }
}
