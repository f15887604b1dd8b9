import CDNNL

/// The version of the oneDNN library this process runs on (the one the dynamic loader found,
/// not the headers it was built with), e.g. "2.6.3".
public enum OneDNNVersion {
    public static var text: String {
        let version = dnnl_version().pointee
        return "\(version.major).\(version.minor).\(version.patch)"
    }
}
