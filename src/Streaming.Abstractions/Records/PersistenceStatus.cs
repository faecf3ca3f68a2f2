namespace Streaming;

/// <summary>How sure a delivery result is that the record was stored.</summary>
public enum PersistenceStatus
{
    /// <summary>The record was not stored.</summary>
    NotPersisted = 0,

    /// <summary>The record may have been stored (acks=0, or the outcome is unknown).</summary>
    PossiblyPersisted = 1,

    /// <summary>The broker acknowledged the record with the producer's <c>acks</c>.</summary>
    Persisted = 2,
}
