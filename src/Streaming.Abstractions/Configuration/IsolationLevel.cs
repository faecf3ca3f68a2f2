namespace Streaming;

/// <summary>Which records of transactions a consumer sees (<c>isolation.level</c>).</summary>
public enum IsolationLevel
{
    /// <summary>Every record, of open and aborted transactions too. The default, as in Kafka.</summary>
    ReadUncommitted = 0,

    /// <summary>Only records of committed transactions (and non-transactional ones), up to the last stable offset.</summary>
    ReadCommitted = 1,
}
