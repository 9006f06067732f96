//! Pages of the auth room.
mod account;
mod login;
mod new_password;
mod password;
mod people;
mod signup;

pub use account::AccountCard;
pub use login::LoginPage;
pub use password::ChangePasswordPage;
pub use people::PeoplePage;
pub use signup::SignupPage;
