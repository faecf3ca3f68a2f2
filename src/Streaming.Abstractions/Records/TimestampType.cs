namespace Streaming;

/// <summary>What a record's timestamp means.</summary>
public enum TimestampType
{
    /// <summary>No timestamp.</summary>
    NotAvailable = 0,

    /// <summary>Set by the producer when the record was created.</summary>
    CreateTime = 1,

    /// <summary>Set by the broker when the record was appended.</summary>
    LogAppendTime = 2,
}
