//! `choice!` declares a closed set of options shown as a select or radio group: the enum, its wire
//! name (serde), its Turkish label and the list of all options in display order.

/// ```ignore
/// choice! {
///     /// Docs.
///     pub enum Operator {
///         Turkcell = "turkcell" => "Turkcell",
///     }
/// }
/// ```
#[macro_export]
macro_rules! choice {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $key:tt => $label:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $key)] $variant,)+
        }

        impl $name {
            /// Every option, in the order the form shows them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire name, as in JSON.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key,)+ }
            }

            /// The Turkish label shown to the user.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// The option whose wire name is `key`.
            pub fn from_key(key: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|option| option.key() == key)
            }
        }

        /// A stored wire name read back (sqlx's `try_from`); a name this build does not know is
        /// an error, never a guess.
        impl TryFrom<String> for $name {
            type Error = $crate::choice::UnknownChoice;

            fn try_from(key: String) -> Result<Self, Self::Error> {
                Self::from_key(&key).ok_or($crate::choice::UnknownChoice(stringify!($name)))
            }
        }
    };
}

/// A wire name none of a choice's options has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("unknown {0} value")]
pub struct UnknownChoice(pub &'static str);
