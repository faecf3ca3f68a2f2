namespace Streaming.Broker.Groups;

/// <summary>A group's membership state machine (classic protocol). Every field is guarded by <see cref="Lock"/>.</summary>
internal sealed class ConsumerGroup(string groupId)
{
    public object Lock { get; } = new();

    public string GroupId { get; } = groupId;

    public ConsumerGroupState State { get; set; } = ConsumerGroupState.Empty;

    public int Generation { get; set; }

    public string? ProtocolType { get; set; }

    public string? Protocol { get; set; }

    public string? LeaderId { get; set; }

    public Dictionary<string, GroupMember> Members { get; } = new(StringComparer.Ordinal);

    /// <summary>group.instance.id → member id of the static members.</summary>
    public Dictionary<string, string> StaticMembers { get; } = new(StringComparer.Ordinal);

    public ITimer? RebalanceTimer { get; set; }

    /// <summary>True while the first rebalance of an empty group waits group.initial.rebalance.delay.ms for more members.</summary>
    public bool InitialDelayPending { get; set; }

    /// <summary>When the group last became empty (for offset expiry), or null while it has members.</summary>
    public DateTimeOffset? EmptySince { get; set; }

    /// <summary>Rebalances completed, for tests and metrics.</summary>
    public int RebalanceCount { get; set; }

    /// <summary>The protocol every member supports that most members prefer (Kafka's vote), or null when they share none.</summary>
    public string? SelectProtocol()
    {
        HashSet<string>? common = null;
        foreach (var member in Members.Values)
        {
            var names = member.Protocols.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            if (common is null) common = names;
            else common.IntersectWith(names);
        }
        if (common is null || common.Count == 0) return null;
        var votes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var member in Members.Values)
        {
            string vote = member.Protocols.First(p => common.Contains(p.Name)).Name;
            votes[vote] = votes.GetValueOrDefault(vote) + 1;
        }
        return votes.OrderByDescending(v => v.Value).ThenBy(v => v.Key, StringComparer.Ordinal).First().Key;
    }

    /// <summary>True when a member with these protocols could join: it shares at least one with every current member.</summary>
    public bool SupportsProtocols(string protocolType, IReadOnlyList<(string Name, byte[] Metadata)> protocols)
    {
        if (Members.Count == 0) return true;
        if (ProtocolType != protocolType) return false;
        foreach (var member in Members.Values)
            if (!member.Protocols.Any(p => protocols.Any(q => q.Name == p.Name))) return false;
        return true;
    }
}
