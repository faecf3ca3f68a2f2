namespace Streaming;

/// <summary>The state of a consumer group in the classic protocol.</summary>
public enum ConsumerGroupState
{
    Unknown = 0,

    /// <summary>Members are (re)joining.</summary>
    PreparingRebalance = 1,

    /// <summary>Waiting for the leader's assignment.</summary>
    CompletingRebalance = 2,

    /// <summary>Every member has its assignment.</summary>
    Stable = 3,

    /// <summary>No members; committed offsets may remain.</summary>
    Empty = 4,

    /// <summary>Being removed.</summary>
    Dead = 5,
}
