using Streaming.Protocol.Messages;

namespace Streaming.Broker.Protocol.Handlers;

/// <summary>OffsetCommit and OffsetFetch (one group up to v7, a batch of groups from v8).</summary>
internal static class OffsetHandlers
{
    public static async ValueTask<KafkaResponse?> CommitAsync(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<OffsetCommitRequest>(context, body);
        var response = new OffsetCommitResponse();
        var offsets = new List<(TopicPartition Partition, long Offset, string? Metadata)>();
        foreach (var topic in request.Topics)
            foreach (var p in topic.Partitions) offsets.Add((new TopicPartition(topic.Name, p.PartitionIndex), p.CommittedOffset, p.CommittedMetadata));
        short error = 0;
        try
        {
            if (offsets.Any(o => !context.Broker.Topics.TryGet(o.Partition.Topic, out var t) || o.Partition.Partition >= t.Partitions.Length))
            {
                // Per partition below; the rest still commit.
                var known = offsets.Where(o => context.Broker.Topics.TryGet(o.Partition.Topic, out var t) && o.Partition.Partition < t.Partitions.Length).ToList();
                if (known.Count > 0) await Commit(context, request, known).ConfigureAwait(false);
            }
            else
            {
                await Commit(context, request, offsets).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is StreamingException or ArgumentException)
        {
            error = ErrorCodes.From(ex);
        }
        foreach (var topic in request.Topics)
        {
            var topicResponse = new OffsetCommitResponseTopic { Name = topic.Name };
            response.Topics.Add(topicResponse);
            bool exists = context.Broker.Topics.TryGet(topic.Name, out var t);
            foreach (var p in topic.Partitions)
            {
                short partitionError = exists && p.PartitionIndex < t!.Partitions.Length ? error : (short)ErrorCode.UnknownTopicOrPartition;
                topicResponse.Partitions.Add(new OffsetCommitResponsePartition { PartitionIndex = p.PartitionIndex, ErrorCode = partitionError });
            }
        }
        return KafkaResponse.Of(context, response);
    }

    private static Task Commit(RequestContext context, OffsetCommitRequest request, List<(TopicPartition Partition, long Offset, string? Metadata)> offsets)
        => context.Broker.Groups.CommitOffsetsAsync(request.GroupId, request.GenerationIdOrMemberEpoch, request.MemberId, request.GroupInstanceId, offsets);

    public static KafkaResponse Fetch(RequestContext context, ReadOnlyMemory<byte> body)
    {
        var request = RequestDecoder.Decode<OffsetFetchRequest>(context, body);
        var response = new OffsetFetchResponse();
        if (context.Version < 8)
        {
            (response.Topics, response.ErrorCode) = FetchGroup(context, request.GroupId, request.Topics, request.RequireStable);
            return KafkaResponse.Of(context, response);
        }
        foreach (var group in request.Groups)
        {
            var (topics, error) = FetchGroup(context, group.GroupId, group.Topics, request.RequireStable);
            response.Groups.Add(new OffsetFetchResponseGroup { GroupId = group.GroupId, Topics = topics, ErrorCode = error });
        }
        return KafkaResponse.Of(context, response);
    }

    /// <summary>
    /// One group's committed offsets for the partitions asked (all it has when <paramref name="topics"/> is null);
    /// -1 where none is committed. With <paramref name="requireStable"/>, a partition an open transaction has committed
    /// an offset for answers UNSTABLE_OFFSET_COMMIT, and the client asks again (KIP-447).
    /// </summary>
    private static (List<OffsetFetchResponseTopic>, short) FetchGroup(RequestContext context, string groupId, List<OffsetFetchRequestTopic>? topics, bool requireStable)
    {
        if (string.IsNullOrWhiteSpace(groupId)) return ([], (short)ErrorCode.InvalidGroupId);
        var store = context.Broker.Groups.Offsets;
        var result = new List<OffsetFetchResponseTopic>();
        var partitions = topics is null
            ? store.GetAll(groupId).Keys.GroupBy(tp => tp.Topic, StringComparer.Ordinal).Select(g => (g.Key, g.Select(tp => tp.Partition).Order().ToList()))
            : topics.Select(t => (t.Name, t.PartitionIndexes));
        foreach (var (topic, indexes) in partitions)
        {
            var topicResponse = new OffsetFetchResponseTopic { Name = topic };
            result.Add(topicResponse);
            foreach (int index in indexes)
            {
                var tp = new TopicPartition(topic, index);
                var partition = new OffsetFetchResponsePartition { PartitionIndex = index, CommittedOffset = -1, Metadata = "" };
                if (requireStable && store.HasPendingTransactionalOffset(groupId, tp)) partition.ErrorCode = (short)ErrorCode.UnstableOffsetCommit;
                else if (store.Get(groupId, tp) is { } committed) (partition.CommittedOffset, partition.Metadata) = (committed.Offset, committed.Metadata);
                topicResponse.Partitions.Add(partition);
            }
        }
        return (result, 0);
    }
}
