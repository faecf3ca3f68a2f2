namespace Streaming;

/// <summary>The delivery guarantee a consumer (and its producer side) works with, chosen by name.</summary>
public enum DeliveryGuarantee
{
    /// <summary>
    /// Offsets are committed before a record is handed to the application: a crash loses what was in flight, nothing is
    /// redelivered. Producer side: acks 0 or 1, no retries, idempotence off.
    /// </summary>
    AtMostOnce = 0,

    /// <summary>
    /// Offsets are committed after the application has processed the records: a crash redelivers, nothing is lost.
    /// Producer side: acks=all, idempotent, retries. The default.
    /// </summary>
    AtLeastOnce = 1,

    /// <summary>
    /// read_committed consumers and offsets committed inside the producer's transaction. Needs transactions, which are
    /// not built yet: choosing it fails with <see cref="FeatureNotSupportedException"/>.
    /// </summary>
    ExactlyOnce = 2,
}
