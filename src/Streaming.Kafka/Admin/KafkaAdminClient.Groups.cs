using Streaming.Kafka.Errors;
using Streaming.Kafka.Internal;
using CK = Confluent.Kafka;
using CKA = Confluent.Kafka.Admin;

namespace Streaming.Kafka.Admin;

/// <summary>Consumer groups: list, describe, offsets and lag, delete, reset.</summary>
internal sealed partial class KafkaAdminClient
{
    public Task<IReadOnlyList<ConsumerGroupListing>> ListConsumerGroupsAsync(CancellationToken cancellationToken = default) => Run<IReadOnlyList<ConsumerGroupListing>>(async () =>
    {
        var listed = await _admin.ListConsumerGroupsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return listed.Valid.Select(g => new ConsumerGroupListing(g.GroupId, State(g.State), g.IsSimpleConsumerGroup ? "" : "consumer"))
            .OrderBy(g => g.GroupId, StringComparer.Ordinal).ToArray();
    });

    public Task<ConsumerGroupDescription> DescribeConsumerGroupAsync(string groupId, CancellationToken cancellationToken = default) => Run(async () =>
    {
        var group = await Describe(groupId, cancellationToken).ConfigureAwait(false);
        if (group.State == CK.ConsumerGroupState.Dead && group.Members.Count == 0)
            throw new GroupIdNotFoundException($"consumer group '{groupId}' does not exist");
        var members = group.Members.Select(m => new MemberDescription(m.ConsumerId, m.GroupInstanceId, m.ClientId, m.Host,
            m.Assignment?.TopicPartitions.ToStreaming() ?? [])).OrderBy(m => m.MemberId, StringComparer.Ordinal).ToArray();
        // Confluent.Kafka's description has neither the generation nor the leader: -1 and null.
        return new ConsumerGroupDescription(group.GroupId, State(group.State), group.IsSimpleConsumerGroup ? "" : "consumer", group.PartitionAssignor ?? "", -1, null, members);
    });

    public Task<IReadOnlyList<GroupPartitionOffset>> ListConsumerGroupOffsetsAsync(string groupId, CancellationToken cancellationToken = default) => Run<IReadOnlyList<GroupPartitionOffset>>(async () =>
    {
        var committed = await CommittedOffsets(groupId, cancellationToken).ConfigureAwait(false);
        var ends = await ListOffsets(committed.Select(c => c.TopicPartition).ToArray(), CKA.OffsetSpec.Latest(), cancellationToken).ConfigureAwait(false);
        return committed.OrderBy(c => c.Topic, StringComparer.Ordinal).ThenBy(c => c.Partition).Select(c =>
        {
            var end = ends.GetValueOrDefault(c.TopicPartition, Offset.Unset);
            long lag = end == Offset.Unset ? 0 : Math.Max(0, end.Value - c.Offset.Value);
            return new GroupPartitionOffset(c.TopicPartition, c.Offset, end, lag, null);
        }).ToArray();
    });

    public Task DeleteConsumerGroupAsync(string groupId, CancellationToken cancellationToken = default) => Run(async () =>
    {
        RequireGroupId(groupId);
        try
        {
            await _admin.DeleteGroupsAsync([groupId]).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CKA.DeleteGroupsException ex)
        {
            throw KafkaErrorMapper.Map(ex.Results.First(r => r.Error.IsError).Error, $"deleting consumer group '{groupId}' failed", ex);
        }
    });

    public Task<IReadOnlyList<TopicPartitionOffset>> ResetConsumerGroupOffsetsAsync(string groupId, IEnumerable<TopicPartition>? partitions, OffsetResetSpec spec,
        bool dryRun = false, CancellationToken cancellationToken = default) => Run<IReadOnlyList<TopicPartitionOffset>>(async () =>
    {
        ArgumentNullException.ThrowIfNull(spec);
        var group = await Describe(groupId, cancellationToken).ConfigureAwait(false);
        if (group.State is not (CK.ConsumerGroupState.Empty or CK.ConsumerGroupState.Dead))
            throw new GroupNotEmptyException($"consumer group '{groupId}' has active members: stop them before resetting its offsets");
        var targets = (partitions ?? (await CommittedOffsets(groupId, cancellationToken).ConfigureAwait(false)).Select(c => c.TopicPartition)).Distinct().ToArray();
        if (targets.Length == 0) throw new GroupIdNotFoundException($"consumer group '{groupId}' has no committed offsets; name the partitions to reset");
        var start = await ListOffsets(targets, CKA.OffsetSpec.Earliest(), cancellationToken).ConfigureAwait(false);
        var end = await ListOffsets(targets, CKA.OffsetSpec.Latest(), cancellationToken).ConfigureAwait(false);
        var atTime = spec.Kind == "timestamp" ? await ListOffsets(targets, CKA.OffsetSpec.ForTimestamp(spec.Value), cancellationToken).ConfigureAwait(false) : null;
        var result = targets.Select(tp => new TopicPartitionOffset(tp, spec.Kind switch
        {
            "earliest" => start[tp].Value,
            "latest" => end[tp].Value,
            "timestamp" => atTime![tp].Value < 0 ? end[tp].Value : atTime[tp].Value,
            _ => Math.Clamp(spec.Value, start[tp].Value, end[tp].Value),
        })).ToArray();
        if (!dryRun)
        {
            try
            {
                await _admin.AlterConsumerGroupOffsetsAsync([new CK.ConsumerGroupTopicPartitionOffsets(groupId, result.Select(r => r.ToConfluent()).ToList())])
                    .WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (CKA.AlterConsumerGroupOffsetsException ex)
            {
                var failed = ex.Results.SelectMany(r => r.Partitions).First(p => p.Error.IsError);
                throw KafkaErrorMapper.Map(failed.Error, $"resetting the offsets of consumer group '{groupId}' failed", ex);
            }
        }
        return result;
    });

    private async Task<CKA.ConsumerGroupDescription> Describe(string groupId, CancellationToken cancellationToken)
    {
        RequireGroupId(groupId);
        try
        {
            var described = await _admin.DescribeConsumerGroupsAsync([groupId]).WaitAsync(cancellationToken).ConfigureAwait(false);
            return described.ConsumerGroupDescriptions[0];
        }
        catch (CKA.DescribeConsumerGroupsException ex)
        {
            var failed = ex.Results.ConsumerGroupDescriptions.First(d => d.Error.IsError);
            throw KafkaErrorMapper.Map(failed.Error, $"describing consumer group '{groupId}' failed", ex);
        }
    }

    private async Task<TopicPartitionOffset[]> CommittedOffsets(string groupId, CancellationToken cancellationToken)
    {
        RequireGroupId(groupId);
        try
        {
            var listed = await _admin.ListConsumerGroupOffsetsAsync([new CK.ConsumerGroupTopicPartitions(groupId, null)]).WaitAsync(cancellationToken).ConfigureAwait(false);
            return listed[0].Partitions.Where(p => p.Offset.Value >= 0).Select(p => new TopicPartitionOffset(p.Topic, p.Partition.Value, p.Offset.Value)).ToArray();
        }
        catch (CKA.ListConsumerGroupOffsetsException ex)
        {
            throw KafkaErrorMapper.Map(ex.Results.First(r => r.Error.IsError).Error, $"listing the offsets of consumer group '{groupId}' failed", ex);
        }
    }

    private static void RequireGroupId(string groupId)
    {
        if (string.IsNullOrWhiteSpace(groupId)) throw new InvalidGroupIdException("a consumer group id must not be empty");
    }

    private static ConsumerGroupState State(CK.ConsumerGroupState state) => state switch
    {
        CK.ConsumerGroupState.PreparingRebalance => ConsumerGroupState.PreparingRebalance,
        CK.ConsumerGroupState.CompletingRebalance => ConsumerGroupState.CompletingRebalance,
        CK.ConsumerGroupState.Stable => ConsumerGroupState.Stable,
        CK.ConsumerGroupState.Empty => ConsumerGroupState.Empty,
        CK.ConsumerGroupState.Dead => ConsumerGroupState.Dead,
        _ => ConsumerGroupState.Unknown,
    };
}
