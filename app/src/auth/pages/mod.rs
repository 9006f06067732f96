//! Pages of the auth room.
mod account;
mod login;
mod password;
mod signup;

pub use account::AccountCard;
pub use login::LoginPage;
pub use password::ChangePasswordPage;
pub use signup::SignupPage;
