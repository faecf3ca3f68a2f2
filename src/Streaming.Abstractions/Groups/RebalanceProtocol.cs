namespace Streaming;

/// <summary>How a rebalance moves partitions between members.</summary>
public enum RebalanceProtocol
{
    /// <summary>Every member gives up all its partitions before the new assignment (range, round-robin).</summary>
    Eager = 0,

    /// <summary>Members keep what they own; only partitions that move are revoked, in a second round (cooperative-sticky).</summary>
    Cooperative = 1,
}
