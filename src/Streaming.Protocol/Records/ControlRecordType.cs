namespace Streaming.Protocol.Records;

/// <summary>The type of a control record (the key's second int16): how a transaction ended on a partition.</summary>
public enum ControlRecordType : short
{
    /// <summary>The transaction was aborted: its records are never visible to read_committed consumers.</summary>
    Abort = 0,

    /// <summary>The transaction was committed.</summary>
    Commit = 1,
}
