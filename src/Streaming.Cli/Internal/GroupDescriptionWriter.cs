namespace Streaming.Cli.Internal;

/// <summary>Prints a consumer group as kafka-consumer-groups --describe does: one row per partition with its lag and owner.</summary>
internal static class GroupDescriptionWriter
{
    public static void Write(TextWriter output, ConsumerGroupDescription group, IReadOnlyList<GroupPartitionOffset> offsets)
    {
        output.WriteLine($"Group {group.GroupId}: state {group.State}, {group.Members.Count} member(s), assignor {(group.Protocol.Length == 0 ? "-" : group.Protocol)}, generation {(group.Generation < 0 ? "-" : group.Generation)}");
        output.WriteLine();
        var owners = new Dictionary<TopicPartition, MemberDescription>();
        foreach (var member in group.Members)
            foreach (var tp in member.Assignment) owners[tp] = member;
        var rows = offsets.ToDictionary(o => o.TopicPartition);
        var table = new TableWriter("TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID");
        foreach (var tp in rows.Keys.Union(owners.Keys).OrderBy(tp => tp.Topic, StringComparer.Ordinal).ThenBy(tp => tp.Partition))
        {
            var row = rows.GetValueOrDefault(tp);
            var owner = owners.GetValueOrDefault(tp);
            table.Add(tp.Topic, tp.Partition,
                row is null || row.Committed.Value < 0 ? "-" : row.Committed.Value,
                row is null || row.LogEndOffset.Value < 0 ? "-" : row.LogEndOffset.Value,
                row is null || row.Committed.Value < 0 ? "-" : row.Lag,
                owner?.MemberId ?? "-", owner?.Host ?? "-", owner?.ClientId ?? "-");
        }
        table.WriteTo(output);
    }
}
