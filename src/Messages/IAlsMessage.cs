namespace Messages;

/// <summary>
/// Marks the messages of this assembly. Akka's serialization-bindings bind this interface to
/// <see cref="Serialization.MessageSerializer"/>, so every message that crosses the network is written by our serializer
/// and read back only through its fixed manifest table.
/// </summary>
public interface IAlsMessage;
